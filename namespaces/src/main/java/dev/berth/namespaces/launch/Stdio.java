package dev.berth.namespaces.launch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one of the launched process's standard streams goes: a pipe to the JVM (the default for
 * output), the JVM's own stream, nothing ({@code /dev/null}), or a file.
 */
public final class Stdio {
    /** The kinds of stream. */
    public enum Kind { PIPE, INHERIT, DISCARD, FILE }

    private static final Stdio PIPE = new Stdio(Kind.PIPE, null, false);
    private static final Stdio INHERIT = new Stdio(Kind.INHERIT, null, false);
    private static final Stdio DISCARD = new Stdio(Kind.DISCARD, null, false);

    private final Kind kind;
    private final Path file;
    private final boolean append;

    private Stdio(Kind kind, Path file, boolean append) {
        this.kind = kind;
        this.file = file;
        this.append = append;
    }

    /** A pipe whose other end the process handle exposes as a stream. */
    public static Stdio pipe() {
        return PIPE;
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
        return new Stdio(Kind.FILE, Objects.requireNonNull(file, "file"), append);
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

    @Override
    public String toString() {
        return kind == Kind.FILE ? "file " + file + (append ? " (append)" : "") : kind.name().toLowerCase();
    }
}
