package dev.berth;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run in a running container and how, as {@code docker exec} takes it
 * (<a href="https://docs.docker.com/reference/cli/docker/container/exec/">docker exec</a>): the
 * container's environment, user and working directory unless these override them.
 */
public final class ExecOptions {
    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String user;
    private String workdir;
    private boolean terminal;
    private InputStream stdin;

    private ExecOptions(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command");
        }
        this.command = List.copyOf(command);
    }

    /** Runs {@code argv} (argv[0] looked up in the container's PATH). */
    public static ExecOptions command(String... argv) {
        return new ExecOptions(List.of(argv));
    }

    /** Sets a variable over the container's ({@code docker exec -e}). */
    public ExecOptions env(String name, String value) {
        env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return this;
    }

    /** Runs as {@code user} ({@code docker exec -u}: name, uid, name:group or uid:gid). */
    public ExecOptions user(String user) {
        this.user = Objects.requireNonNull(user);
        return this;
    }

    /** Runs in {@code dir} ({@code docker exec -w}). */
    public ExecOptions workdir(String dir) {
        this.workdir = Objects.requireNonNull(dir);
        return this;
    }

    /**
     * {@code docker exec -t}: the command's stdin, stdout and stderr are a new pseudo-terminal
     * of the container's own {@code /dev/pts} (made inside the container, as runc makes an
     * exec's console), its controlling terminal; TERM=xterm is set unless the environment sets
     * TERM. {@link Container#startExec} hands its master over as {@link ExecProcess#terminal()};
     * {@link Container#exec(ExecOptions)} returns what the terminal showed as the result's
     * stdout (stdout and stderr as one, with the terminal's line endings).
     */
    public ExecOptions terminal(boolean on) {
        this.terminal = on;
        return this;
    }

    /**
     * {@code docker exec -i}: what {@code in} yields is the command's stdin, closed at its end
     * (without a {@link #terminal}; with one, keys go to the pty's master). Without it stdin is empty.
     */
    public ExecOptions stdin(InputStream in) {
        this.stdin = Objects.requireNonNull(in, "in");
        return this;
    }

    /** Whether the command gets a terminal (else pipes). */
    public boolean terminal() {
        return terminal;
    }

    /** The stdin source, or null for an empty stdin. */
    public InputStream stdin() {
        return stdin;
    }

    public List<String> command() {
        return command;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** The user, or null for the container's. */
    public String user() {
        return user;
    }

    /** The working directory, or null for the container's. */
    public String workdir() {
        return workdir;
    }
}
