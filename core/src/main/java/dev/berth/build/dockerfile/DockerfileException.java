package dev.berth.build.dockerfile;

/**
 * A Dockerfile (or {@code .dockerignore}) that Docker would refuse. Unchecked, because a bad
 * build definition is a caller's input error that usually cannot be recovered from where it is
 * detected; the message always names the line ({@code Dockerfile line 7: unknown instruction:
 * RUNN}) when the problem has one.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>
 */
public class DockerfileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    /** A problem at {@code line} (1-based) of the Dockerfile. */
    public DockerfileException(int line, String problem) {
        this(line > 0 ? "Dockerfile line " + line + ": " + problem : problem, line);
    }

    private DockerfileException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** A problem without a line, such as a failed variable expansion. */
    public DockerfileException(String problem) {
        this(0, problem);
    }

    /** The 1-based line the problem is on, or 0 when it has none. */
    public int line() {
        return line;
    }

    /** This problem in the named file ({@code /ctx/Dockerfile: Dockerfile line 3: ...}), keeping its line. */
    DockerfileException inFile(Object file) {
        DockerfileException named = new DockerfileException(file + ": " + getMessage(), line);
        named.initCause(this);
        return named;
    }

    /** This problem located at {@code line}, unless it already names one. */
    DockerfileException at(int atLine) {
        if (line > 0 || atLine <= 0) {
            return this;
        }
        DockerfileException located = new DockerfileException(atLine, getMessage());
        located.initCause(this);
        return located;
    }
}
