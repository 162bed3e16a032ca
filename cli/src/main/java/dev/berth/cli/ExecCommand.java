package dev.berth.cli;

import dev.berth.namespaces.PseudoTerminal;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerException;
import dev.berth.ExecOptions;
import dev.berth.ExecProcess;
import dev.berth.ExecResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth exec}: runs a command in a running container
 * (<a href="https://docs.docker.com/reference/cli/docker/container/exec/">docker exec</a>) and
 * exits with its code. Output is printed when the command has finished; with {@code -t} the
 * command has a pty that this terminal drives, as with {@code run -it}; {@code -i} gives it this
 * process's stdin.
 */
@Command(name = "exec", description = "Execute a command in a running container")
final class ExecCommand extends Verb {
    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of environment variables")
    List<java.nio.file.Path> envFiles = new ArrayList<>();

    @Option(names = {"-u", "--user"}, description = "Username or UID")
    String user;

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("invalid environment variable \"" + e + "\": expected KEY=VALUE");
            }
        }
        if (detach && tty) {
            throw new UnsupportedOperationException("exec -d -t: berth's detached execs have no terminal (nothing could"
                    + " attach to it later); drop -t");
        }
        TerminalSession.requireTerminalInput(tty, interactive && !detach);
        try (Berth berth = top.open()) {
            ExecOptions options = ExecOptions.command(command.toArray(String[]::new));
            if (user != null) {
                options = options.user(user);
            }
            if (workdir != null) {
                options = options.workdir(workdir);
            }
            for (java.nio.file.Path f : envFiles) {
                for (String e : EnvFile.read(f)) {
                    int eq = e.indexOf('=');
                    String value = eq < 0 ? System.getenv(e) : e.substring(eq + 1);
                    if (value != null) { // a name alone takes the host's value, if it has one
                        options = options.env(eq < 0 ? e : e.substring(0, eq), value);
                    }
                }
            }
            for (String e : env) {
                options = options.env(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
            }
            Container c = Containers.find(berth, container);
            if (detach) {
                // as docker exec -d: nothing printed; the command runs on, its output discarded
                try {
                    c.startDetachedExec(options);
                } catch (ContainerException e) {
                    throw CommandFailure.of(e, "exec failed: ");
                }
                return 0;
            }
            if (tty) {
                return withTerminal(c, options);
            }
            if (interactive) {
                options = options.stdin(System.in);
            }
            ExecResult r;
            try {
                r = c.exec(options);
            } catch (ContainerException e) {
                throw CommandFailure.of(e, "exec failed: ");
            }
            System.out.write(r.stdout().getBytes(StandardCharsets.UTF_8));
            System.out.flush();
            System.err.write(r.stderr().getBytes(StandardCharsets.UTF_8));
            System.err.flush();
            return r.exitCode();
        }
    }

    /** {@code -t}: the command's stdio is a pty whose master this terminal drives until it exits. */
    private int withTerminal(Container c, ExecOptions options) throws Exception {
        try (ExecProcess exec = c.startExec(options.terminal(true)); PseudoTerminal pty = exec.terminal()) {
            return TerminalSession.attach(pty, exec::waitFor, interactive);
        }
    }
}
