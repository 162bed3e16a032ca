package dev.berth.runtime;

import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import dev.berth.wait.LogLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output lines of a {@link ContainerLog}, for wait strategies: the log followed from its
 * start, with the partial records of a line longer than 16 KiB joined again (per stream) so
 * that a pattern sees whole lines, as Docker's {@code docker logs} prints them.
 */
public final class ContainerLogLines implements LogLines {
    private final LogFollower follower;
    private final Map<LogRecord.Source, ByteArrayOutputStream> partial = new EnumMap<>(LogRecord.Source.class);

    private ContainerLogLines(LogFollower follower) {
        this.follower = follower;
    }

    /** Follows {@code log} from its first record. */
    public static ContainerLogLines follow(ContainerLog log) throws IOException {
        return new ContainerLogLines(log.follow(LogQuery.all()));
    }

    /** The last {@code n} records of {@code log} as text, for failure messages. */
    public static String last(ContainerLog log, int n) throws IOException {
        StringBuilder out = new StringBuilder();
        for (LogRecord r : log.tail(n)) {
            out.append(r.text());
        }
        return out.toString();
    }

    @Override
    public Optional<String> next(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<LogRecord> r = follower.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (r.isEmpty()) {
                // At the end, a line cut off without its newline still counts.
                return follower.ended() ? flushAnyPartial() : Optional.empty();
            }
            ByteArrayOutputStream line = partial.computeIfAbsent(r.get().source(), s -> new ByteArrayOutputStream());
            line.writeBytes(r.get().bytes());
            if (!r.get().partial()) {
                return Optional.of(take(r.get().source()));
            }
        }
    }

    private Optional<String> flushAnyPartial() {
        for (LogRecord.Source s : List.copyOf(partial.keySet())) {
            if (partial.get(s).size() > 0) {
                return Optional.of(take(s));
            }
        }
        return Optional.empty();
    }

    private String take(LogRecord.Source source) {
        ByteArrayOutputStream line = partial.remove(source);
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public boolean ended() {
        return follower.ended() && partial.values().stream().allMatch(b -> b.size() == 0);
    }

    @Override
    public void close() {
        follower.close();
    }
}
