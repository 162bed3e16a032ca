package dev.berth.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One bridge network as the store keeps it ({@code networks/NAME.json}): its subnet, the Linux
 * bridge that carries it, what it was created with (labels, options), and one endpoint per
 * attached container with its address and published ports. The addresses are allocated here,
 * under the store's lock, so that JVMs sharing a home never hand out one address twice. Everything
 * the kernel holds for the network (bridge, NAT rules) can be rebuilt from these records, which is
 * how a crashed JVM's leftovers are removed. Records written before a field existed read it as
 * null, which the constructor fills with a default (the id from the name, an epoch creation).
 *
 * @param name the network's name
 * @param subnet CIDR
 * @param autoSubnet whether Berth chose the subnet (it may then pick another while unused)
 * @param bridge the Linux bridge's name
 * @param endpoints attached containers
 * @param id 64 hex digits, as Docker's network ids
 * @param created RFC 3339
 * @param labels the labels it was created with
 * @param options the driver options it was created with
 * @param internal whether it is cut off from outside the host (no outbound NAT, no published ports)
 * @param attachable recorded for Docker's API (every Berth network is attachable)
 */
public record NetworkRecord(String name, String subnet, boolean autoSubnet, String bridge, List<Endpoint> endpoints,
        String id, String created, Map<String, String> labels, Map<String, String> options, boolean internal,
        boolean attachable) {
    public NetworkRecord {
        endpoints = List.copyOf(endpoints);
        id = id != null ? id : sha256("network " + name);
        created = created != null ? created : Instant.EPOCH.toString();
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A network without labels, options or a given id. */
    public NetworkRecord(String name, String subnet, boolean autoSubnet, String bridge, List<Endpoint> endpoints) {
        this(name, subnet, autoSubnet, bridge, endpoints, null, null, null, null, false, false);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A container on the network; {@code proxied}: its ports are forwarded by its JVM's
     * {@link PortProxy}, not by NAT rules.
     *
     * @param ports the host ports held now: reserved from create until a run exits, and again at
     *     each start, as dockerd's port allocator holds them only while the container runs
     * @param endpointId 64 hex digits, Docker's {@code EndpointID}
     * @param mac the address of its interface, derived from its IPv4 address as Docker does
     * @param ifname its interface in the container ({@code eth0} for the network it started on)
     * @param requested the ports asked for (host port 0: any free one), reserved again at each
     *     start; records written before the field existed read it as {@code ports}
     * @param portLease a random token naming the reservation in {@code ports}, so that the exit of
     *     an earlier run never releases the ports a later run of the container has reserved
     */
    public record Endpoint(String containerId, String name, String hostname, List<String> aliases, String address,
            String veth, List<PortMapping> ports, boolean proxied, String endpointId, String mac, String ifname,
            List<PortMapping> requested, String portLease) {
        public Endpoint {
            aliases = List.copyOf(aliases);
            ports = List.copyOf(ports);
            endpointId = endpointId != null ? endpointId : sha256("endpoint " + containerId + " " + veth);
            mac = mac != null ? mac : macOf(address);
            ifname = ifname != null ? ifname : "eth0";
            requested = requested == null ? ports : List.copyOf(requested);
            portLease = portLease == null ? "" : portLease;
        }

        /** An endpoint with the defaults of the fields added later. */
        public Endpoint(String containerId, String name, String hostname, List<String> aliases, String address,
                String veth, List<PortMapping> ports, boolean proxied) {
            this(containerId, name, hostname, aliases, address, veth, ports, proxied, null, null, null, null, null);
        }

        Endpoint withName(String newName) {
            return new Endpoint(containerId, newName, hostname, aliases, address, veth, ports, proxied, endpointId, mac,
                    ifname, requested, portLease);
        }

        /** The same endpoint holding {@code held} (none: released) under reservation {@code lease}. */
        Endpoint withPorts(List<PortMapping> held, String lease) {
            return new Endpoint(containerId, name, hostname, aliases, address, veth, held, proxied, endpointId, mac,
                    ifname, requested, lease);
        }
    }

    /** Docker's MAC for an IPv4 address: {@code 02:42} and the address's four bytes. */
    static String macOf(String address) {
        if (address == null) {
            return null;
        }
        StringBuilder s = new StringBuilder("02:42");
        for (String octet : address.split("\\.")) {
            s.append(':').append(String.format("%02x", Integer.parseInt(octet)));
        }
        return s.toString();
    }

    /**
     * A published port: {@code protocol} ("tcp" or "udp") {@code hostPort} on {@code hostIp}
     * forwards to {@code containerPort}.
     *
     * @param hostIp the IPv4 address of this host the port is published on, or "" for every
     *     address (records written before the field existed read as "")
     */
    public record PortMapping(String protocol, int hostPort, int containerPort, String hostIp) {
        public PortMapping {
            hostIp = hostIp == null || hostIp.equals("0.0.0.0") ? "" : hostIp;
        }

        /** A port published on every address of the host. */
        public PortMapping(String protocol, int hostPort, int containerPort) {
            this(protocol, hostPort, containerPort, "");
        }

        /** Whether it is published on every address of the host. */
        public boolean allAddresses() {
            return hostIp.isEmpty();
        }

        /** Whether this and {@code other} cannot both hold their host port: one protocol, one port, overlapping addresses. */
        boolean conflictsWith(PortMapping other) {
            return protocol.equals(other.protocol) && hostPort == other.hostPort
                    && (allAddresses() || other.allAddresses() || hostIp.equals(other.hostIp));
        }
    }

    Subnet parsedSubnet() {
        return Subnet.parse(subnet);
    }

    NetworkRecord withEndpoints(List<Endpoint> all) {
        return new NetworkRecord(name, subnet, autoSubnet, bridge, all, id, created, labels, options, internal, attachable);
    }

    NetworkRecord withEndpoint(Endpoint e) {
        List<Endpoint> all = new ArrayList<>(endpoints);
        all.add(e);
        return withEndpoints(all);
    }

    NetworkRecord withoutEndpoint(String containerId) {
        return withEndpoints(endpoints.stream().filter(e -> !e.containerId().equals(containerId)).toList());
    }

    NetworkRecord withSubnet(Subnet s) {
        return new NetworkRecord(name, s.toString(), autoSubnet, bridge, endpoints, id, created, labels, options, internal,
                attachable);
    }
}
