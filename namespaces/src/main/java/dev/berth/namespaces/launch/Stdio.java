package dev.berth.namespaces.launch;

import dev.berth.namespaces.process.StreamSink;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one of the launched process's standard streams goes: a pipe to the JVM (the default for
 * output) read as a stream or drained into a {@link StreamSink}, the JVM's own stream, nothing
 * ({@code /dev/null}), or a file.
 */
public final class Stdio {
    /** The kinds of stream. */
    public enum Kind { PIPE, SINK, INHERIT, DISCARD, FILE }

    private static final Stdio PIPE = new Stdio(Kind.PIPE, null, false, null);
    private static final Stdio INHERIT = new Stdio(Kind.INHERIT, null, false, null);
    private static final Stdio DISCARD = new Stdio(Kind.DISCARD, null, false, null);

    private final Kind kind;
    private final Path file;
    private final boolean append;
    private final StreamSink sink;

    private Stdio(Kind kind, Path file, boolean append, StreamSink sink) {
        this.kind = kind;
        this.file = file;
        this.append = append;
        this.sink = sink;
    }

    /** A pipe whose other end the process handle exposes as a stream. */
    public static Stdio pipe() {
        return PIPE;
    }

    /**
     * For stdout or stderr: a pipe that the shared watcher thread drains into {@code sink}, so
     * that many processes' output costs no thread each. Not for stdin.
     */
    public static Stdio sink(StreamSink sink) {
        return new Stdio(Kind.SINK, null, false, Objects.requireNonNull(sink, "sink"));
    }

    /** The JVM's own descriptor of the same number. */
    public static Stdio inherit() {
        return INHERIT;
    }

    /** /dev/null. */
    public static Stdio discard() {
        return DISCARD;
    }

    /** A file: read for stdin, written (created, truncated or appended) for output. */
    public static Stdio file(Path file, boolean append) {
        return new Stdio(Kind.FILE, Objects.requireNonNull(file, "file"), append, null);
    }

    public Kind kind() {
        return kind;
    }

    public Path file() {
        return file;
    }

    public boolean append() {
        return append;
    }

    /** The sink of a {@link Kind#SINK} stream, else null. */
    public StreamSink sink() {
        return sink;
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? "file " + file + (append ? " (append)" : "") : kind.name().toLowerCase();
    }
}
