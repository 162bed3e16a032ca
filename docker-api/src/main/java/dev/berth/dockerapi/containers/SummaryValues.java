package dev.berth.dockerapi.containers;

import static dev.berth.dockerapi.http.TemplateValues.each;
import static dev.berth.dockerapi.http.TemplateValues.list;
import static dev.berth.dockerapi.http.TemplateValues.put;
import static dev.berth.dockerapi.http.TemplateValues.strings;

import dev.berth.dockerapi.http.TemplateValues.NotByHand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /containers/json}'s summaries as the values a template reads (objects as maps in
 * field order, integers as longs; see the CLI's {@code JsonValues}): what serialising them with
 * {@link dev.berth.dockerapi.http.JsonCodec#MAPPER} and reading the JSON back gives, written out
 * by hand ({@link dev.berth.dockerapi.http.TemplateValues}). {@code berth ps} lists through this:
 * Jackson's serializers for these records, built through reflection at each start, cost it about
 * 50 ms (#17).
 */
public final class SummaryValues {
    private SummaryValues() {
    }

    /**
     * The values of {@code summaries}, each as the mapper would write it; null when one holds a
     * value this class does not write (an IPAM config, a null in a map): the caller then lets the
     * mapper write them.
     */
    public static List<Map<String, Object>> of(List<?> summaries) {
        return each(summaries, ContainerJson.Summary.class, SummaryValues::summary);
    }

    private static Map<String, Object> summary(ContainerJson.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "Id", s.id());
        put(m, "Names", list(s.names(), n -> n));
        put(m, "Image", s.image());
        put(m, "ImageID", s.imageId());
        put(m, "Command", s.command());
        put(m, "Created", s.created());
        put(m, "Ports", list(s.ports(), SummaryValues::port));
        put(m, "SizeRw", s.sizeRw());
        put(m, "SizeRootFs", s.sizeRootFs());
        put(m, "Labels", strings(s.labels()));
        put(m, "State", s.state());
        put(m, "Status", s.status());
        put(m, "HostConfig", strings(s.hostConfig()));
        if (s.networkSettings() != null) {
            Map<String, Object> settings = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, ContainerJson.Endpoint>> e : s.networkSettings().entrySet()) {
                if (e.getValue() == null) {
                    throw new NotByHand();
                }
                Map<String, Object> networks;
                {
                    networks = new LinkedHashMap<>();
                    for (Map.Entry<String, ContainerJson.Endpoint> n : e.getValue().entrySet()) {
                        if (n.getValue() == null) {
                            throw new NotByHand();
                        }
                        networks.put(n.getKey(), endpoint(n.getValue()));
                    }
                }
                settings.put(e.getKey(), networks);
            }
            m.put("NetworkSettings", settings);
        }
        put(m, "Mounts", list(s.mounts(), SummaryValues::mount));
        return m;
    }

    private static Map<String, Object> port(ContainerJson.Port p) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "IP", p.ip());
        put(m, "PrivatePort", p.privatePort());
        put(m, "PublicPort", p.publicPort());
        put(m, "Type", p.type());
        return m;
    }

    private static Map<String, Object> endpoint(ContainerJson.Endpoint e) {
        if (e.ipamConfig() != null) {
            throw new NotByHand();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "Links", list(e.links(), l -> l));
        put(m, "Aliases", list(e.aliases(), a -> a));
        put(m, "NetworkID", e.networkId());
        put(m, "EndpointID", e.endpointId());
        put(m, "Gateway", e.gateway());
        put(m, "IPAddress", e.ipAddress());
        put(m, "IPPrefixLen", e.ipPrefixLen());
        put(m, "IPv6Gateway", e.ipv6Gateway());
        put(m, "GlobalIPv6Address", e.globalIpv6Address());
        put(m, "GlobalIPv6PrefixLen", e.globalIpv6PrefixLen());
        put(m, "MacAddress", e.macAddress());
        return m;
    }

    private static Map<String, Object> mount(ContainerJson.MountPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "Type", p.type());
        put(m, "Name", p.name());
        put(m, "Source", p.source());
        put(m, "Destination", p.destination());
        put(m, "Driver", p.driver());
        put(m, "Mode", p.mode());
        put(m, "RW", p.rw());
        put(m, "Propagation", p.propagation());
        return m;
    }
}
