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
    BRIDGE,
    /**
     * Its own network namespace with a user-mode network stack,
     * <a href="https://github.com/rootless-containers/slirp4netns">slirp4netns</a>: outbound
     * access (the host is 10.0.2.2, but not its loopback services) and published ports, without
     * root. The mode of a container without root that publishes ports or asks for
     * {@link #BRIDGE} without naming a network, as in podman's rootless mode. Needs the
     * {@code slirp4netns} program and a {@code /dev/net/tun} the user can open; where they are
     * missing the container fails to start, saying which.
     */
    SLIRP4NETNS
}
