package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.Container;
import dev.berth.ContainerDetails.PublishedPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container's ports as {@code docker ps} and {@code docker port} print them
 * (<a href="https://docs.docker.com/reference/cli/docker/container/port/">docker port</a>):
 * {@code 0.0.0.0:32768->80/tcp} for a published port ("" as the host address is every address),
 * {@code 80/tcp} for one its image exposes and nothing publishes. Only a running container has
 * them, as Docker releases them at the exit.
 */
final class PublishedPorts {
    private static final Comparator<PublishedPort> ORDER = Comparator.comparingInt(PublishedPort::containerPort)
            .thenComparing(PublishedPort::protocol).thenComparing(PublishedPort::hostIp).thenComparingInt(PublishedPort::hostPort);

    private PublishedPorts() {
    }

    /** The published ports of a running container, by container port; none once it has exited. */
    static List<PublishedPort> of(Container c) {
        if (!c.isRunning()) {
            return List.of();
        }
        List<PublishedPort> ports = new ArrayList<>(c.details().network().ports());
        ports.sort(ORDER);
        return ports;
    }

    /** The host side: {@code 0.0.0.0:32768}. */
    static String host(PublishedPort p) {
        return (p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp()) + ":" + p.hostPort();
    }

    /**
     * {@code NetworkSettings.Ports} of {@code docker inspect}: {@code "80/tcp": [{"HostIp":
     * "0.0.0.0", "HostPort": "32768"}]} for each published port, {@code null} for an exposed one
     * nothing publishes; empty once it has exited.
     */
    static ObjectNode inspected(Container c, ObjectMapper json) {
        ObjectNode ports = json.createObjectNode();
        List<PublishedPort> published = of(c);
        if (published.isEmpty() && !c.isRunning()) {
            return ports;
        }
        new TreeSet<>(c.exposedPorts()).forEach(port -> ports.putNull(port + "/tcp"));
        for (PublishedPort p : published) {
            String key = p.containerPort() + "/" + p.protocol();
            ArrayNode bindings = ports.get(key) instanceof ArrayNode a ? a : ports.putArray(key);
            bindings.addObject().put("HostIp", p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp())
                    .put("HostPort", Integer.toString(p.hostPort()));
        }
        return ports;
    }

    /** The {@code PORTS} column of {@code ps}: published ports, then exposed ones nothing publishes. */
    static String column(Container c) {
        List<PublishedPort> published = of(c);
        if (published.isEmpty() && (c.exposedPorts().isEmpty() || !c.isRunning())) {
            return "";
        }
        List<String> out = new ArrayList<>();
        published.forEach(p -> out.add(host(p) + "->" + p.containerPort() + "/" + p.protocol()));
        Set<Integer> exposedOnly = new TreeSet<>(c.exposedPorts());
        published.stream().filter(p -> p.protocol().equals("tcp")).forEach(p -> exposedOnly.remove(p.containerPort()));
        exposedOnly.forEach(port -> out.add(port + "/tcp"));
        return String.join(", ", out);
    }
}
