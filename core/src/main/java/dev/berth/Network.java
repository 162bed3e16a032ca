package dev.berth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bridge network ({@code docker network create},
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Network">Engine API: Network</a>):
 * containers on a user-defined one reach each other by container name, hostname, short id or
 * alias; those on the default network {@code bridge} only by address, as on Docker's.
 *
 * @param id 64 hex digits
 * @param name the network's name
 * @param created when it was created
 * @param subnet IPv4 CIDR its addresses come from
 * @param gateway the bridge's address, the containers' default route
 * @param bridge the Linux bridge's interface name
 * @param labels its labels
 * @param options the driver options it was created with
 * @param internal whether it is cut off from outside the host
 * @param attachable as created (Docker's swarm flag; every Berth network can be joined)
 * @param endpoints the containers attached now
 */
public record Network(String id, String name, Instant created, String subnet, String gateway, String bridge,
        Map<String, String> labels, Map<String, String> options, boolean internal, boolean attachable,
        List<NetworkEndpoint> endpoints) {
    /** The name of the default network, Docker's {@code bridge}. */
    public static final String DEFAULT = "bridge";
    /** The only driver. */
    public static final String DRIVER = "bridge";

    public Network {
        labels = Map.copyOf(labels);
        options = Map.copyOf(options);
        endpoints = List.copyOf(endpoints);
    }

    /** The names of the containers attached now. */
    public List<String> containers() {
        return endpoints.stream().map(NetworkEndpoint::containerName).toList();
    }
}
