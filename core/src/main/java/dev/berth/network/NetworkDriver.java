package dev.berth.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Attaches a container to the network of one mode, as Docker has a driver per network type
 * (<a href="https://docs.docker.com/engine/network/drivers/">network drivers</a>): none,
 * host, bridge and, for rootless containers, slirp4netns. {@link Networks#attach} picks the
 * driver and checks what the mode allows.
 */
interface NetworkDriver {
    /**
     * What a container asks of its network.
     *
     * @param network the named network to join (bridge only), or null
     * @param aliases more names peers reach it by (bridge only)
     * @param ports the ports to publish
     * @param directory the container's directory (slirp4netns's log goes there)
     * @param etc the container's generated /etc directory (hosts, resolv.conf)
     */
    record Request(String network, List<String> aliases, List<NetworkRecord.PortMapping> ports, String containerId,
            String name, String hostname, Path directory, Path etc) {
    }

    /** Attaches the container; undone entirely on failure. */
    Attachment attach(Request request) throws IOException;
}
