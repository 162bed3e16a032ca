package dev.berth.log;

import java.time.Instant;

/**
 * Which records of a container log to read, as {@code docker logs} selects them
 * (<a href="https://docs.docker.com/reference/cli/docker/container/logs/">docker logs</a>): the
 * last {@code tail} records of the file (all when negative), then of those the ones written at
 * or after {@code since} and not after {@code until} (null: no bound). Immutable.
 */
public record LogQuery(Instant since, Instant until, int tail) {
    private static final LogQuery ALL = new LogQuery(null, null, -1);

    /** Every record. */
    public static LogQuery all() {
        return ALL;
    }

    /** Only records written at or after {@code time}. */
    public LogQuery since(Instant time) {
        return new LogQuery(time, until, tail);
    }

    /** Only records written at or before {@code time}. */
    public LogQuery until(Instant time) {
        return new LogQuery(since, time, tail);
    }

    /** Only the last {@code records} records of the file. */
    public LogQuery tail(int records) {
        if (records < 0) {
            throw new IllegalArgumentException("tail " + records + " is negative");
        }
        return new LogQuery(since, until, records);
    }

    /** Whether {@code r} lies within the time bounds. */
    public boolean admits(LogRecord r) {
        return (since == null || !r.time().isBefore(since)) && (until == null || !r.time().isAfter(until));
    }

    /** Whether no record written from now on can be selected. */
    public boolean isOver() {
        return until != null && Instant.now().isAfter(until);
    }

    /** The same time bounds over all records, for reading what is appended later. */
    public LogQuery withoutTail() {
        return new LogQuery(since, until, -1);
    }
}
