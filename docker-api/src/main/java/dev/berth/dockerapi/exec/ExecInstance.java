package dev.berth.dockerapi.exec;

import dev.berth.Container;
import dev.berth.ContainerException;
import dev.berth.ExecOptions;
import dev.berth.ExecProcess;
import dev.berth.dockerapi.http.ApiException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * One exec of the API: made by {@code POST /containers/{id}/exec}, run once by
 * {@code POST /exec/{id}/start}, inspected until its container goes. Thread-safe.
 */
final class ExecInstance {
    private final String id;
    private final Container container;
    private final ExecJson.Create config;
    private final Instant created = Instant.now();
    private ExecProcess process;
    /** The exit code of a launch that failed: 127 when the command was not found, else 126, as runc's. */
    private Integer failedLaunch;

    ExecInstance(String id, Container container, ExecJson.Create config) {
        this.id = id;
        this.container = container;
        this.config = config;
    }

    String id() {
        return id;
    }

    Container container() {
        return container;
    }

    ExecJson.Create config() {
        return config;
    }

    Instant created() {
        return created;
    }

    boolean attachStdin() {
        return Boolean.TRUE.equals(config.attachStdin());
    }

    boolean tty() {
        return Boolean.TRUE.equals(config.tty());
    }

    /**
     * Launches the command, {@code stdin} (null for none) as its stdin.
     *
     * @throws ApiException 409 when it was started before or its container does not run
     * @throws ContainerException when the launch fails (an unknown command): the exit code is then recorded
     */
    ExecProcess launch(InputStream stdin) {
        return launch(stdin, false);
    }

    /** The terminal of a running {@code exec -t}, for its resizes; null without one. */
    private dev.berth.namespaces.PseudoTerminal terminal;

    synchronized void resize(int rows, int columns) {
        if (terminal != null && rows > 0 && columns > 0) {
            terminal.resize(rows, columns);
        }
    }

    /**
     * {@link #launch(InputStream)}, or with {@code tty} on a new terminal of the container's own
     * devpts ({@link ExecOptions#terminal}): its output is then read from the master
     * ({@link ExecProcess#terminal()}), and keys written there.
     */
    ExecProcess launch(InputStream stdin, boolean tty) {
        synchronized (this) {
            if (process != null || failedLaunch != null) {
                throw ApiException.conflict("Error: Exec command " + id + " has already run");
            }
            if (!container.isRunning()) {
                throw ApiException.conflict("Container " + container.id() + " is not running");
            }
            ExecOptions options = ExecOptions.command(config.cmd().toArray(String[]::new));
            for (String e : config.env() == null ? List.<String>of() : config.env()) {
                int eq = e.indexOf('=');
                if (eq > 0) {
                    options.env(e.substring(0, eq), e.substring(eq + 1));
                }
            }
            if (config.user() != null && !config.user().isEmpty()) {
                options.user(config.user());
            }
            if (config.workingDir() != null && !config.workingDir().isEmpty()) {
                options.workdir(config.workingDir());
            }
            if (tty) {
                options.terminal(true);
            } else if (stdin != null) {
                options.stdin(stdin);
            }
            try {
                process = container.startExec(options);
                terminal = process.terminal();
                return process;
            } catch (ContainerException e) {
                failedLaunch = e.getMessage() != null && e.getMessage().contains("ENOENT") ? 127 : 126;
                throw e;
            }
        }
    }

    synchronized boolean running() {
        return process != null && process.isRunning();
    }

    synchronized Integer exitCode() {
        if (failedLaunch != null) {
            return failedLaunch;
        }
        if (process == null) {
            return null;
        }
        OptionalInt code = process.exitCode();
        return code.isPresent() ? code.getAsInt() : null;
    }

    /** Whether it has run to its end (or failed to launch). */
    synchronized boolean finished() {
        return failedLaunch != null || process != null && !process.isRunning();
    }

    synchronized ExecJson.Inspect inspect() {
        List<String> cmd = config.cmd();
        return new ExecJson.Inspect(id, running(), exitCode(), new ExecJson.ProcessConfig(tty(), cmd.get(0), cmd.subList(1, cmd.size()),
                false, config.user() == null ? "" : config.user()), attachStdin(), Boolean.TRUE.equals(config.attachStderr()),
                Boolean.TRUE.equals(config.attachStdout()), false, container.id(), "", process == null ? 0 : process.pid());
    }
}
