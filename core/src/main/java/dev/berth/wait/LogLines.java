package dev.berth.wait;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A cursor over a container's output lines that blocks for new ones, as {@code docker logs
 * --follow} does. A line keeps its trailing newline, as Testcontainers' output frames do.
 */
public interface LogLines extends AutoCloseable {
    /** The next line, waiting up to {@code timeout}; empty if none came in time or the output ended. */
    Optional<String> next(Duration timeout) throws IOException, InterruptedException;

    /** Whether the output has ended (the container stopped) and every line has been returned. */
    boolean ended();

    @Override
    void close();
}
