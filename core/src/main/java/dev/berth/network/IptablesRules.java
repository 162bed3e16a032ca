package dev.berth.network;

import java.io.IOException;
import java.util.List;

/**
 * {@link NatRules} with {@code iptables} where nftables' tool is missing: three chains of the
 * nat table per home ({@code NAME_PRE}, {@code NAME_OUT}, {@code NAME_POST}), refilled as a
 * whole by one {@code iptables-restore --noflush} (which flushes a chain it declares), and
 * jumped to from PREROUTING, OUTPUT and POSTROUTING, as Docker's DOCKER chain is
 * (<a href="https://docs.docker.com/engine/network/packet-filtering-firewalls/">Docker and iptables</a>).
 */
final class IptablesRules implements NatRules {
    private static final String[][] HOOKS = {{"PREROUTING", "_PRE"}, {"OUTPUT", "_OUT"}, {"POSTROUTING", "_POST"}};

    private final String prefix;

    IptablesRules(String name) {
        this.prefix = name.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String tool() {
        return "iptables";
    }

    @Override
    public void apply(List<NetworkRecord> networks, java.util.Set<String> kept) throws IOException {
        List<NetworkRecord> used = networks.stream().filter(n -> NatRules.inUse(n, kept)).toList();
        if (used.isEmpty()) {
            for (String[] hook : HOOKS) {
                String chain = prefix + hook[1];
                Tools.works("iptables", "-t", "nat", "-D", hook[0], "-j", chain);
                Tools.works("iptables", "-t", "nat", "-F", chain);
                Tools.works("iptables", "-t", "nat", "-X", chain);
            }
            return;
        }
        StringBuilder s = new StringBuilder("*nat\n");
        for (String[] hook : HOOKS) {
            s.append(':').append(prefix).append(hook[1]).append(" - [0:0]\n");
        }
        for (NetworkRecord n : used) {
            if (!n.internal()) { // an internal network reaches nothing beyond the host
                s.append("-A ").append(prefix).append("_POST -s ").append(n.subnet()).append(" ! -o ").append(n.bridge())
                        .append(" -j MASQUERADE\n");
            }
            s.append("-A ").append(prefix).append("_POST -o ").append(n.bridge())
                    .append(" -m conntrack --ctstate DNAT -j MASQUERADE\n");
            for (NetworkRecord.Endpoint e : n.endpoints()) {
                for (NetworkRecord.PortMapping p : e.proxied() ? List.<NetworkRecord.PortMapping>of() : e.ports()) {
                    for (String chain : List.of("_PRE", "_OUT")) {
                        s.append("-A ").append(prefix).append(chain)
                                .append(p.allAddresses() ? " -m addrtype --dst-type LOCAL" : " -d " + p.hostIp() + "/32")
                                .append(" -p ")
                                .append(p.protocol()).append(" --dport ").append(p.hostPort())
                                .append(" -j DNAT --to-destination ").append(e.address()).append(':')
                                .append(p.containerPort()).append('\n');
                    }
                }
            }
        }
        Tools.run(s.append("COMMIT\n").toString(), "iptables-restore", "--noflush");
        for (String[] hook : HOOKS) {
            String chain = prefix + hook[1];
            if (!Tools.works("iptables", "-t", "nat", "-C", hook[0], "-j", chain)) {
                Tools.run(null, "iptables", "-t", "nat", "-I", hook[0], "-j", chain);
            }
        }
    }
}
