package dev.berth.network;

import java.util.ArrayList;
import java.util.List;

/**
 * One bridge network as the store keeps it ({@code networks/NAME.json}): its subnet, the Linux
 * bridge that carries it, and one endpoint per attached container with its address and
 * published ports. The addresses are allocated here, under the store's lock, so that JVMs
 * sharing a home never hand out one address twice. Everything the kernel holds for the
 * network (bridge, NAT rules) can be rebuilt from these records, which is how a crashed JVM's
 * leftovers are removed.
 *
 * @param name the network's name
 * @param subnet CIDR
 * @param autoSubnet whether Berth chose the subnet (it may then pick another while unused)
 * @param bridge the Linux bridge's name
 * @param endpoints attached containers
 */
public record NetworkRecord(String name, String subnet, boolean autoSubnet, String bridge, List<Endpoint> endpoints) {
    public NetworkRecord {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * A container on the network; {@code proxied}: its ports are forwarded by its JVM's
     * {@link PortProxy}, not by NAT rules.
     */
    public record Endpoint(String containerId, String name, String hostname, List<String> aliases, String address,
            String veth, List<PortMapping> ports, boolean proxied) {
        public Endpoint {
            aliases = List.copyOf(aliases);
            ports = List.copyOf(ports);
        }
    }

    /** A published port: {@code protocol} ("tcp" or "udp") {@code hostPort} forwards to {@code containerPort}. */
    public record PortMapping(String protocol, int hostPort, int containerPort) {
    }

    Subnet parsedSubnet() {
        return Subnet.parse(subnet);
    }

    NetworkRecord withEndpoint(Endpoint e) {
        List<Endpoint> all = new ArrayList<>(endpoints);
        all.add(e);
        return new NetworkRecord(name, subnet, autoSubnet, bridge, all);
    }

    NetworkRecord withoutEndpoint(String containerId) {
        return new NetworkRecord(name, subnet, autoSubnet, bridge,
                endpoints.stream().filter(e -> !e.containerId().equals(containerId)).toList());
    }

    NetworkRecord withSubnet(Subnet s) {
        return new NetworkRecord(name, s.toString(), autoSubnet, bridge, endpoints);
    }
}
