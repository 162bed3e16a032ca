package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerDetails.PublishedPort;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth port}: the published ports of a running container, {@code 80/tcp -> 0.0.0.0:8080}
 * each, or the host addresses of one port
 * (<a href="https://docs.docker.com/reference/cli/docker/container/port/">docker port</a>).
 */
@Command(name = "port", description = "List port mappings or a specific mapping for the container")
final class PortCommand extends Verb implements DockerStatus.ExitsOne {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String port;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            Container c = Containers.find(berth, container);
            // A container that does not run has no ports bound, as dockerd shows it.
            List<PublishedPort> ports = c.isRunning() ? c.details().network().ports().stream()
                    .sorted(Comparator.comparingInt(PublishedPort::containerPort).thenComparing(PublishedPort::protocol)).toList()
                    : List.of();
            if (port == null) {
                ports.forEach(p -> System.out.println(p.containerPort() + "/" + p.protocol() + " -> " + address(p)));
                return 0;
            }
            String[] spec = port.split("/", 2);
            String protocol = spec.length == 2 ? spec[1].toLowerCase(Locale.ROOT) : "tcp";
            int number;
            try {
                number = Integer.parseInt(spec[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port \"" + port + "\": expected PRIVATE_PORT[/PROTO]");
            }
            List<PublishedPort> matching = ports.stream().filter(p -> p.containerPort() == number && p.protocol().equals(protocol))
                    .toList();
            if (matching.isEmpty()) {
                throw new IllegalArgumentException("No public port '" + number + "/" + protocol + "' published for " + container);
            }
            matching.forEach(p -> System.out.println(address(p)));
            return 0;
        }
    }

    private static String address(PublishedPort p) {
        return (p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp()) + ":" + p.hostPort();
    }
}
