package dev.berth;

import java.util.List;

/**
 * A container's place on one network, what {@code docker inspect} shows under
 * {@code NetworkSettings.Networks} and {@code docker network inspect} under {@code Containers}.
 *
 * @param network the network's name
 * @param networkId the network's id
 * @param containerId the container's id
 * @param containerName the container's name
 * @param endpointId 64 hex digits
 * @param ipAddress its IPv4 address
 * @param prefixLength the subnet's prefix length
 * @param gateway the network's gateway
 * @param macAddress its interface's MAC address
 * @param aliases the extra names peers reach it by
 * @param interfaceName its interface in the container ({@code eth0}, {@code eth1}, ...)
 */
public record NetworkEndpoint(String network, String networkId, String containerId, String containerName,
        String endpointId, String ipAddress, int prefixLength, String gateway, String macAddress, List<String> aliases,
        String interfaceName) {
    public NetworkEndpoint {
        aliases = List.copyOf(aliases);
    }
}
