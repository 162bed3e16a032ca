package dev.berth.network;

import java.io.IOException;
import java.util.List;

/**
 * {@link NatRules} on a host with neither a working {@code nft} nor {@code iptables}: containers
 * still reach each other and the host over the bridge, but nothing can be published or
 * masqueraded, and that is said plainly the first time it is needed.
 */
final class MissingNatRules implements NatRules {
    @Override
    public String tool() {
        return "none";
    }

    @Override
    public void apply(List<NetworkRecord> networks) throws IOException {
        for (NetworkRecord n : networks) {
            for (NetworkRecord.Endpoint e : n.endpoints()) {
                if (!e.ports().isEmpty()) {
                    throw new IOException("publishing ports needs nftables (nft) or iptables, and neither works on"
                            + " this host; install one, or reach the container at " + e.address());
                }
            }
        }
    }
}
