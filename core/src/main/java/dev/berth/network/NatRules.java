package dev.berth.network;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The host's packet-filter rules of one home's networks: outbound NAT (masquerade) for each
 * bridge subnet, and a DNAT rule per published port, for packets arriving from outside
 * (prerouting) and for ones this host sends itself (output), so that {@code 127.0.0.1:hostPort}
 * reaches the container. Connections that were DNATed onto a bridge are masqueraded to the
 * gateway address, so that the container answers through the host (a loopback source could not
 * be answered, and a peer on the same bridge would otherwise answer directly, past the NAT).
 * {@link #apply} always rewrites the whole set from the store's records, atomically, which
 * makes crash recovery the same operation as an ordinary change.
 *
 * <p>Which tool is used is detected: nftables' {@code nft} where it works, else {@code iptables}
 * (<a href="https://wiki.nftables.org/wiki-nftables/index.php/Performing_Network_Address_Translation_(NAT)">nftables NAT</a>).
 */
interface NatRules {
    /** Replaces the home's rules with those of {@code networks}; with no endpoints left, removes them. */
    default void apply(List<NetworkRecord> networks) throws IOException {
        apply(networks, Set.of());
    }

    /**
     * Replaces the home's rules with those of {@code networks} that have endpoints or are named
     * in {@code kept} (their bridges are kept idle: {@link IdleBridges}); with none, removes them.
     */
    void apply(List<NetworkRecord> networks, Set<String> kept) throws IOException;

    /** Whether {@code n}'s rules are written: it has endpoints, or its idle bridge is {@code kept}. */
    static boolean inUse(NetworkRecord n, Set<String> kept) {
        return !n.endpoints().isEmpty() || kept.contains(n.name());
    }

    /** The tool, for messages. */
    String tool();

    /** The backend for this host and the home whose rules are called {@code name}. */
    static NatRules detect(String name) {
        if (Tools.works("nft", "list", "tables")) {
            return new NftablesRules(name);
        }
        if (Tools.works("iptables", "-t", "nat", "-S")) {
            return new IptablesRules(name);
        }
        return new MissingNatRules();
    }
}
