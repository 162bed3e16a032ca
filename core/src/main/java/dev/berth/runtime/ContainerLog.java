package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A container's log file, in Docker's json-file format: one JSON object per line,
 * {@code {"log":"...\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}}
 * (<a href="https://docs.docker.com/engine/logging/drivers/json-file/">json-file driver</a>).
 * One {@link ContainerLogWriter} appends to it; any number of readers, in this JVM or another,
 * {@link #read} it or {@link #follow} it, because everything they need is in the file system.
 */
public final class ContainerLog {
    private final Path file;

    private ContainerLog(Path file) {
        this.file = file;
    }

    /** The log at {@code file}, which need not exist yet. */
    public static ContainerLog at(Path file) {
        return new ContainerLog(Objects.requireNonNull(file, "file").toAbsolutePath());
    }

    public Path file() {
        return file;
    }

    /**
     * Opens the writer, creating the file or appending to it (a restarted container keeps its
     * earlier output, as in Docker).
     *
     * @throws IOException if the file cannot be opened, or a living process is writing it already
     */
    public ContainerLogWriter openWriter() throws IOException {
        return ContainerLogWriter.open(this);
    }

    /** The records {@code query} selects, in the order written; none if the file does not exist. */
    public List<LogRecord> read(LogQuery query) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        readFrom(0, query, out);
        return out;
    }

    /** The last {@code n} records. */
    public List<LogRecord> tail(int n) throws IOException {
        return read(LogQuery.all().tail(n));
    }

    /**
     * Follows the log: first the records {@code query} selects, then each record written later,
     * until the writer is closed (or its process dies) and everything has been returned. Close
     * the follower to stop early.
     */
    public LogFollower follow(LogQuery query) throws IOException {
        List<LogRecord> initial = new ArrayList<>();
        long offset = readFrom(0, query, initial);
        return new LogFollower(this, query, offset, initial);
    }

    /** Whether a living process holds the writer open. */
    public boolean isBeingWritten() {
        return livingWriterPid().isPresent();
    }

    /** Reads the selected records after {@code offset} into {@code out}; returns the new offset. */
    long readFrom(long offset, LogQuery query, Collection<LogRecord> out) throws IOException {
        Deque<LogRecord> selected = new ArrayDeque<>();
        long end = LogFileScanner.scan(file, offset, r -> {
            selected.add(r);
            if (query.tail() >= 0 && selected.size() > query.tail()) {
                selected.removeFirst();
            }
        });
        // Docker takes the tail first, then filters it by time.
        for (LogRecord r : selected) {
            if (query.admits(r)) {
                out.add(r);
            }
        }
        return end;
    }

    Path writerMarker() {
        return file.resolveSibling(file.getFileName() + ".writer");
    }

    /** The pid in the writer marker, if that process is alive. */
    OptionalLong livingWriterPid() {
        try {
            long pid = Long.parseLong(Files.readString(writerMarker()).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // absent or unreadable: no writer, so followers end
        }
    }

    @Override
    public String toString() {
        return "ContainerLog[" + file + "]";
    }
}
