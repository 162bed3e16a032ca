package dev.berth.wait;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * Waits until a TCP connection to each of the container's ports succeeds from the host, as
 * Testcontainers' {@code Wait.forListeningPort} does; by default the ports the container
 * exposes, and with none exposed there is nothing to wait for. Each connection attempt is
 * bounded by one second. (Testcontainers also looks inside the container, because Docker's
 * userland proxy accepts connections before the server listens; Berth's forwarding does not
 * need that.)
 */
public final class HostPortWaitStrategy extends ProbingWaitStrategy<HostPortWaitStrategy> {
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final List<Integer> ports; // empty: the target's exposed ports

    HostPortWaitStrategy(List<Integer> ports) {
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is not between 1 and 65535");
            }
        }
        this.ports = List.copyOf(ports);
    }

    @Override
    protected String awaited() {
        return ports.isEmpty() ? "its exposed ports to listen" : "ports " + ports + " to listen";
    }

    @Override
    public void waitUntilReady(WaitTarget target) {
        if (!ports(target).isEmpty()) {
            super.waitUntilReady(target);
        }
    }

    @Override
    protected void probe(WaitTarget target, Duration budget) throws IOException {
        for (int port : ports(target)) {
            InetSocketAddress address = target.address(port);
            try (Socket s = new Socket()) {
                s.connect(address, (int) Math.max(1, Math.min(CONNECT_TIMEOUT_MILLIS, budget.toMillis())));
            } catch (IOException e) {
                throw new IOException("port " + port + " at " + address + ": " + e.getMessage(), e);
            }
        }
    }

    private List<Integer> ports(WaitTarget target) {
        return ports.isEmpty() ? target.exposedPorts() : ports;
    }
}
