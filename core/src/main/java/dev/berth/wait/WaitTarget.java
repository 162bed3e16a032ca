package dev.berth.wait;

import dev.berth.ExecResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The container a {@link WaitStrategy} watches: what the strategies need of it, and nothing
 * else, so that they can be tested against real sockets, servers and logs.
 */
public interface WaitTarget {
    /** The container's name, for messages. */
    String name();

    /** Whether its main process still runs; a strategy fails at once when it stops. */
    boolean isRunning();

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
