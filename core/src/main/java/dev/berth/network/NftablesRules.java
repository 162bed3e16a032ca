package dev.berth.network;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@link NatRules} as one nftables table per home ({@code ip berth_XXXXXXXX}), replaced as a
 * whole in one {@code nft -f} transaction (declare, delete, define), so that concurrent
 * readers never see half a rule set and no rule handle has to be remembered. Its {@code guard}
 * chain drops what arrives from a bridge for or from 127.0.0.0/8, before connection tracking.
 */
final class NftablesRules implements NatRules {
    private final String table;

    NftablesRules(String table) {
        this.table = table;
    }

    @Override
    public String tool() {
        return "nftables";
    }

    @Override
    public void apply(List<NetworkRecord> networks, Set<String> kept) throws IOException {
        Tools.run(script(networks, kept), "nft", "-f", "-");
    }

    String script(List<NetworkRecord> networks) {
        return script(networks, Set.of());
    }

    String script(List<NetworkRecord> networks, Set<String> kept) {
        StringBuilder s = new StringBuilder();
        s.append("table ip ").append(table).append('\n');
        s.append("delete table ip ").append(table).append('\n');
        List<NetworkRecord> used = networks.stream().filter(n -> NatRules.inUse(n, kept)).toList();
        if (used.isEmpty()) {
            return s.toString();
        }
        StringBuilder dnat = new StringBuilder();
        StringBuilder post = new StringBuilder();
        StringBuilder guard = new StringBuilder();
        for (NetworkRecord n : used) {
            String br = '"' + n.bridge() + '"';
            // route_localnet (for DNAT of 127.0.0.1) would let a container's crafted packets for or
            // from 127.0.0.0/8 through to the host's loopback services: none may come from a bridge.
            guard.append("    iifname ").append(br).append(" ip daddr 127.0.0.0/8 drop\n");
            guard.append("    iifname ").append(br).append(" ip saddr 127.0.0.0/8 drop\n");
            if (!n.internal()) { // an internal network reaches nothing beyond the host
                post.append("    ip saddr ").append(n.subnet()).append(" oifname != ").append(br).append(" masquerade\n");
            }
            post.append("    oifname ").append(br).append(" ct status dnat masquerade\n");
            for (NetworkRecord.Endpoint e : n.endpoints()) {
                for (NetworkRecord.PortMapping p : e.proxied() ? List.<NetworkRecord.PortMapping>of() : e.ports()) {
                    // on one address: that address only (a local one, or nothing would arrive for it)
                    dnat.append(p.allAddresses() ? "    fib daddr type local " : "    ip daddr " + p.hostIp() + " ")
                            .append(p.protocol()).append(" dport ").append(p.hostPort())
                            .append(" dnat to ").append(e.address()).append(':').append(p.containerPort()).append('\n');
                }
            }
        }
        s.append("table ip ").append(table).append(" {\n");
        s.append("  chain guard {\n    type filter hook prerouting priority raw; policy accept;\n")
                .append(guard).append("  }\n");
        s.append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n")
                .append(dnat).append("  }\n");
        s.append("  chain output {\n    type nat hook output priority -100; policy accept;\n")
                .append(dnat).append("  }\n");
        s.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n")
                .append(post).append("  }\n");
        return s.append("}\n").toString();
    }
}
