package dev.berth.wait;

import java.util.Arrays;
import java.util.List;

/**
 * The usual wait strategies, named as in Testcontainers' {@code Wait}
 * (<a href="https://java.testcontainers.org/features/startup_and_waits/">startup and waits</a>).
 */
public final class Wait {
    private Wait() {
    }

    /** The default: every exposed port listens. */
    public static HostPortWaitStrategy defaultWaitStrategy() {
        return forListeningPort();
    }

    /** Every exposed port accepts TCP connections from the host. */
    public static HostPortWaitStrategy forListeningPort() {
        return new HostPortWaitStrategy(List.of());
    }

    /** These container ports accept TCP connections from the host. */
    public static HostPortWaitStrategy forListeningPorts(int... ports) {
        return new HostPortWaitStrategy(Arrays.stream(ports).boxed().toList());
    }

    /** The output has had {@code times} lines matching {@code regex}. */
    public static LogMessageWaitStrategy forLogMessage(String regex, int times) {
        return new LogMessageWaitStrategy(regex, times);
    }

    /** An HTTP GET of {@code path} answers 200 (adjustable). */
    public static HttpWaitStrategy forHttp(String path) {
        return new HttpWaitStrategy(path);
    }

    /** {@code /bin/sh -c command} exits with 0 in the container. */
    public static ExecWaitStrategy forSuccessfulCommand(String command) {
        return new ExecWaitStrategy(List.of("/bin/sh", "-c", command));
    }

    /** {@code argv} exits with 0 in the container. */
    public static ExecWaitStrategy forSuccessfulExec(String... argv) {
        return new ExecWaitStrategy(List.of(argv));
    }
}
