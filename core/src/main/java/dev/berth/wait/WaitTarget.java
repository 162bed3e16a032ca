package dev.berth.wait;

import dev.berth.ExecResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;

/**
 * The container a {@link WaitStrategy} watches: what the strategies need of it, and nothing
 * else, so that they can be tested against real sockets, servers and logs.
 */
public interface WaitTarget {
    /** The container's name, for messages. */
    String name();

    /** Whether its main process still runs; a strategy fails at once when it stops. */
    boolean isRunning();

    /**
     * The exit code of a container whose main process has ended or is ending (its output has
     * ended), for failure messages: it may wait a few seconds for the exit to be recorded.
     * Empty while it runs on, or where the code is not known.
     */
    default OptionalInt exitCode() {
        return OptionalInt.empty();
    }

    /** Its output lines (stdout and stderr) from the start, following new ones. */
    LogLines followLogLines() throws IOException;

    /** Its last {@code n} output lines, joined, for failure messages. */
    String lastLogLines(int n);

    /** Runs {@code command} in the container and waits for it. */
    ExecResult exec(String... command) throws IOException, InterruptedException;

    /** The ports the container exposes, in the order declared. */
    List<Integer> exposedPorts();

    /** Where the host reaches {@code containerPort} (a published port, or the container's address). */
    InetSocketAddress address(int containerPort);
}
