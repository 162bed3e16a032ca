package dev.berth.network;

import java.io.IOException;
import java.util.List;

/**
 * {@link NatRules} on a host with neither a working {@code nft} nor {@code iptables}: containers
 * still reach each other and the host over the bridge, and published ports go through the
 * {@link PortProxy}, but nothing is masqueraded, which is said plainly once.
 */
final class MissingNatRules implements NatRules {
    @Override
    public String tool() {
        return "none";
    }

    @Override
    public void apply(List<NetworkRecord> networks, java.util.Set<String> kept) throws IOException {
        for (NetworkRecord n : networks) {
            for (NetworkRecord.Endpoint e : n.endpoints()) {
                if (!e.proxied() && !e.ports().isEmpty()) {
                    throw new IOException("publishing ports needs nftables (nft) or iptables, and neither works on"
                            + " this host; install one, or reach the container at " + e.address());
                }
            }
        }
    }
}
