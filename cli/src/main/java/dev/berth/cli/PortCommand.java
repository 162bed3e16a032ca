package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerDetails.PublishedPort;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth port CONTAINER [PRIVATE_PORT[/PROTO]]}: the host addresses a container's ports are
 * published on (<a href="https://docs.docker.com/reference/cli/docker/container/port/">docker port</a>),
 * {@code 80/tcp -> 0.0.0.0:32768} each, or only the address for the port asked; a port nothing
 * publishes is {@code Error: No public port '80/tcp' published for NAME}, exit 1.
 */
@Command(name = "port", description = "List port mappings or a specific mapping for the container")
final class PortCommand extends Verb {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String privatePort;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            Container c = Containers.find(berth, container);
            List<PublishedPort> ports = PublishedPorts.of(c);
            if (privatePort == null) {
                ports.forEach(p -> System.out.println(p.containerPort() + "/" + p.protocol() + " -> " + PublishedPorts.host(p)));
                return 0;
            }
            String[] asked = privatePort.split("/", -1);
            if (asked.length > 2 || !asked[0].matches("[0-9]{1,5}") || asked.length == 2 && !asked[1].matches("tcp|udp|sctp")) {
                throw new IllegalArgumentException("invalid port \"" + privatePort + "\": expected PORT[/tcp|udp]");
            }
            int port = Integer.parseInt(asked[0]);
            String protocol = asked.length == 2 ? asked[1] : "tcp";
            List<PublishedPort> found = ports.stream().filter(p -> p.containerPort() == port && p.protocol().equals(protocol)).toList();
            if (found.isEmpty()) {
                System.err.println("Error: No public port '" + port + "/" + protocol + "' published for " + container);
                return 1;
            }
            found.forEach(p -> System.out.println(PublishedPorts.host(p)));
            return 0;
        }
    }
}
