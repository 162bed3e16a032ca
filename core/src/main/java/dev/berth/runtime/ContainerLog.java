package dev.berth.runtime;

import dev.berth.log.LogOptions;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A container's log file, in Docker's json-file format: one JSON object per line,
 * {@code {"log":"...\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}}
 * (<a href="https://docs.docker.com/engine/logging/drivers/json-file/">json-file driver</a>).
 * One {@link ContainerLogWriter} appends to it; any number of readers, in this JVM or another,
 * {@link #read} it or {@link #follow} it, because everything they need is in the file system.
 */
public final class ContainerLog {
    /** The marker's line that records why the writer stopped writing the file. */
    static final String FAILED = "failed: ";

    private final Path file;
    private final LogOptions options;

    private ContainerLog(Path file, LogOptions options) {
        this.file = file;
        this.options = options;
    }

    /** The log at {@code file}, which need not exist yet, rotated as {@link LogOptions#DEFAULT}. */
    public static ContainerLog at(Path file) {
        return at(file, LogOptions.DEFAULT);
    }

    /** The log at {@code file}, which need not exist yet, with its rotated files as {@code options} keep them. */
    public static ContainerLog at(Path file, LogOptions options) {
        return new ContainerLog(Objects.requireNonNull(file, "file").toAbsolutePath(), Objects.requireNonNull(options, "options"));
    }

    /** The current file; older output is in {@code file.1}, {@code file.2}, ... */
    public Path file() {
        return file;
    }

    public LogOptions options() {
        return options;
    }

    LogFiles files() {
        return new LogFiles(file, options.maxFiles());
    }

    /**
     * Opens the writer, creating the file or appending to it (a restarted container keeps its
     * earlier output, as in Docker).
     *
     * @throws IOException if the file cannot be opened, or a living process is writing it already
     */
    public ContainerLogWriter openWriter() throws IOException {
        return openWriter(file.getFileName().toString());
    }

    /**
     * As {@link #openWriter()}; {@code owner} (e.g. "container web") names whose log it is in the
     * one warning given when the file can no longer be written.
     */
    public ContainerLogWriter openWriter(String owner) throws IOException {
        return ContainerLogWriter.open(this, owner);
    }

    /** The records {@code query} selects, in the order written, from the oldest file kept; none if there is no file. */
    public List<LogRecord> read(LogQuery query) throws IOException {
        List<LogFiles.Open> all = files().openAll();
        try {
            List<LogRecord> out = new ArrayList<>();
            readAll(all, null, query, out);
            return out;
        } finally {
            LogFiles.closeAll(all);
        }
    }

    /** The last {@code n} records. */
    public List<LogRecord> tail(int n) throws IOException {
        return read(LogQuery.all().tail(n));
    }

    /**
     * Follows the log: first the records {@code query} selects, then each record written later,
     * across rotations, until the writer is closed (or its process dies) and everything has been
     * returned. Close the follower to stop early.
     */
    public LogFollower follow(LogQuery query) throws IOException {
        List<LogFiles.Open> all = files().openAll();
        List<LogRecord> initial = new ArrayList<>();
        long offset;
        try {
            offset = readAll(all, null, query, initial);
        } catch (IOException | RuntimeException e) {
            LogFiles.closeAll(all);
            throw e;
        }
        LogFiles.Open newest = all.isEmpty() ? null : all.get(all.size() - 1);
        LogFiles.closeAll(all.isEmpty() ? all : all.subList(0, all.size() - 1));
        return new LogFollower(this, query, initial, new LogTail(this, files(), newest, offset));
    }

    /** Whether a living process holds the writer open. */
    public boolean isBeingWritten() {
        return livingWriterPid().isPresent();
    }

    /**
     * Why the writer stopped writing the file, if it did (a full disk): "{@code <path>: <reason>}".
     * The writer, in Java or in the stage-1 helper, records it in its marker, which then stays.
     */
    public Optional<String> writeFailure() {
        try {
            return Files.readAllLines(writerMarker()).stream().filter(l -> l.startsWith(FAILED))
                    .map(l -> l.substring(FAILED.length())).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the records {@code query} selects from {@code files} (oldest first, each up to its
     * limit in {@code limits} when given) into {@code out}; returns the offset after the last
     * full line of the newest.
     */
    static long readAll(List<LogFiles.Open> files, long[] limits, LogQuery query, Collection<LogRecord> out)
            throws IOException {
        Deque<LogRecord> selected = new ArrayDeque<>();
        long end = 0;
        for (int i = 0; i < files.size(); i++) {
            end = LogFileScanner.scan(files.get(i).channel(), 0, limits == null ? Long.MAX_VALUE : limits[i], r -> {
                selected.add(r);
                if (query.tail() >= 0 && selected.size() > query.tail()) {
                    selected.removeFirst();
                }
            });
        }
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

    /** The pid in the writer marker's first line, if that process is alive. */
    OptionalLong livingWriterPid() {
        try {
            String marker = Files.readString(writerMarker());
            int nl = marker.indexOf('\n');
            // Blank once a writer that failed has closed (see ContainerLogWriter): no writer.
            long pid = Long.parseLong((nl < 0 ? marker : marker.substring(0, nl)).strip());
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
