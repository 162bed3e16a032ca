package dev.berth.cli;

import dev.berth.Container;
import dev.berth.ContainerDetails.PublishedPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A container's published ports as {@code docker port} prints them
 * (<a href="https://docs.docker.com/reference/cli/docker/container/port/">docker port</a>):
 * {@code 0.0.0.0:32768} for one published on every address ("" as the host address). Only a
 * running container has them, as Docker releases them at the exit.
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
}
