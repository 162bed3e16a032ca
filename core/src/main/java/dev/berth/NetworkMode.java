package dev.berth;

/**
 * How a container is networked, as {@code docker run --network} chooses
 * (<a href="https://docs.docker.com/engine/network/#drivers">network drivers</a>).
 */
public enum NetworkMode {
    /** Its own network namespace with loopback only: the default, safe for untrusted code. */
    NONE,
    /** The host's network namespace: its interfaces, ports and routes. */
    HOST,
    /**
     * A veth on a Berth bridge, an address from the network's subnet, outbound NAT, published
     * ports, and the other containers of its network by name: the default of a container that
     * publishes ports or names a network.
     */
    BRIDGE
}
