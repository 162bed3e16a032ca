package dev.berth.dockerapi.networks;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Network;
import dev.berth.NetworkEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as {@code GET /networks} and {@code GET /networks/{id}} answer it (moby's
 * {@code network.Inspect}; <a href="https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Network/operation/NetworkInspect">NetworkInspect</a>).
 */
public record NetworkJson(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") Map<String, String> configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") Map<String, Endpoint> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** {@code IPAM}: Docker's default address manager and the network's one subnet. */
    public record Ipam(@JsonProperty("Driver") String driver,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
            @JsonProperty("Options") Map<String, String> options,
            @JsonProperty("Config") List<IpamConfig> config) {
    }

    public record IpamConfig(@JsonProperty("Subnet") String subnet, @JsonProperty("Gateway") String gateway) {
    }

    /** One entry of {@code Containers}, keyed by container id. */
    public record Endpoint(@JsonProperty("Name") String name, @JsonProperty("EndpointID") String endpointId,
            @JsonProperty("MacAddress") String macAddress, @JsonProperty("IPv4Address") String ipv4Address,
            @JsonProperty("IPv6Address") String ipv6Address) {
    }

    /** {@code n} with those of its members that {@code listed} accepts in {@code Containers}. */
    public static NetworkJson of(Network n, java.util.function.Predicate<String> listed) {
        Map<String, Endpoint> containers = new LinkedHashMap<>();
        for (NetworkEndpoint e : n.endpoints()) {
            if (!listed.test(e.containerId())) {
                continue;
            }
            containers.put(e.containerId(), new Endpoint(e.containerName(), e.endpointId(), e.macAddress(),
                    e.ipAddress() + "/" + e.prefixLength(), ""));
        }
        return new NetworkJson(n.name(), n.id(), n.created().toString(), "local", Network.DRIVER, false,
                new Ipam("default", null, List.of(new IpamConfig(n.subnet(), n.gateway()))), n.internal(),
                n.attachable(), false, Map.of("Network", ""), false, containers, n.options(), n.labels());
    }

    /**
     * Docker's predefined {@code host} and {@code none} networks, which Berth has as network
     * modes rather than networks: listed and inspected as dockerd shows them, never removed.
     */
    public static NetworkJson predefined(String name) {
        String driver = name.equals("host") ? "host" : "null";
        return new NetworkJson(name, PredefinedNetworks.id(name), "1970-01-01T00:00:00Z", "local", driver, false,
                new Ipam("default", null, List.of()), false, false, false, Map.of("Network", ""), false, Map.of(),
                Map.of(), Map.of());
    }
}
