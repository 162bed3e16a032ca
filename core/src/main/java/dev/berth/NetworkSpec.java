package dev.berth;

import java.util.Map;
import java.util.Objects;

/**
 * What {@code docker network create} may give besides the name
 * (<a href="https://docs.docker.com/reference/cli/docker/network/create/">network create</a>).
 * Start from {@link #defaults()}.
 *
 * @param subnet IPv4 CIDR such as {@code 10.90.0.0/24}, or null for a free /24 of 10.231.0.0/16
 * @param labels labels
 * @param options driver options, recorded and shown by inspect
 * @param internal no outbound NAT, no default route and no published ports: its containers reach
 *        each other and the host only ({@code --internal})
 * @param attachable recorded ({@code --attachable})
 */
public record NetworkSpec(String subnet, Map<String, String> labels, Map<String, String> options, boolean internal,
        boolean attachable) {
    public NetworkSpec {
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
    }

    /** No subnet, labels or options; not internal. */
    public static NetworkSpec defaults() {
        return new NetworkSpec(null, Map.of(), Map.of(), false, false);
    }

    public NetworkSpec withSubnet(String cidr) {
        return new NetworkSpec(cidr, labels, options, internal, attachable);
    }

    public NetworkSpec withLabels(Map<String, String> l) {
        return new NetworkSpec(subnet, l, options, internal, attachable);
    }

    public NetworkSpec withOptions(Map<String, String> o) {
        return new NetworkSpec(subnet, labels, o, internal, attachable);
    }

    public NetworkSpec withInternal(boolean i) {
        return new NetworkSpec(subnet, labels, options, i, attachable);
    }

    public NetworkSpec withAttachable(boolean a) {
        return new NetworkSpec(subnet, labels, options, internal, a);
    }

    /**
     * The gateway Berth gives {@code subnet}: its first address, the bridge's.
     *
     * @throws IllegalArgumentException for an invalid subnet, naming it
     */
    public static String gatewayOf(String subnet) {
        return dev.berth.network.Subnet.parse(subnet).gateway().getHostAddress();
    }
}
