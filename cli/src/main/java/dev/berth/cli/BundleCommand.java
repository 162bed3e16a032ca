package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.BundleBuilder;
import dev.berth.ExecProcess;
import dev.berth.ExecResult;
import dev.berth.namespaces.PseudoTerminal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code berth bundle IMAGE DIR [-- COMMAND...]}: writes the image as an OCI bundle, a
 * {@code config.json} and a {@code rootfs}, which {@code runc run -b DIR} and crun run
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/bundle.md">bundle.md</a>).
 */
@Command(name = "bundle", description = "Write an image as an OCI runtime bundle (config.json and rootfs)",
        subcommands = BundleCommand.Run.class)
final class BundleCommand extends Verb {
    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Set an environment variable")
    Map<String, String> env = Map.of();

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir;

    @Option(names = "--hostname", description = "Container host name (default berth)")
    String hostname;

    // Optional to picocli, which would otherwise ask for them before `bundle run`; checked in call().
    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "The bundle directory; must not exist or be empty")
    Path dir;

    @Parameters(index = "2..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (image == null || dir == null) {
            // As picocli reports a missing parameter (ErrorLine.handleParseException).
            System.err.println("berth: Missing required parameter" + (image == null ? "s: 'IMAGE', 'DIR'" : ": 'DIR'"));
            System.err.println("See '" + spec.qualifiedName() + " --help'.");
            throw new ExitCode(ErrorLine.ENGINE_ERROR);
        }
        try (Berth berth = top.open()) {
            BundleBuilder b = berth.bundle(image);
            env.forEach(b::env);
            if (user != null) {
                b.user(user);
            }
            if (workdir != null) {
                b.workdir(workdir);
            }
            if (hostname != null) {
                b.hostname(hostname);
            }
            if (!command.isEmpty()) {
                b.command(command.toArray(String[]::new));
            }
            System.out.println(b.writeTo(dir));
            return 0;
        }
    }

    /**
     * {@code berth bundle run DIR}: runs an OCI bundle to its end, as {@code runc run -b DIR}
     * does, with its output here and its exit code as berth's. With {@code process.terminal} its
     * pty (of its own devpts) is connected to this terminal in raw mode, as {@code run -it};
     * without a terminal as input that is refused, as runc refuses it.
     */
    @Command(name = "run", description = "Run an OCI runtime bundle (as runc run -b DIR)")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        BundleCommand group;

        @Parameters(index = "0", paramLabel = "DIR", description = "The bundle directory, with its config.json")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = group.top.open()) {
                if (!terminal(dir)) {
                    ExecResult r = berth.runBundle(dir);
                    System.out.print(r.stdout());
                    System.out.flush();
                    System.err.print(r.stderr());
                    return r.exitCode();
                }
                if (!PseudoTerminal.isTerminal(0)) {
                    System.err.println("the input device is not a TTY: the bundle's process.terminal needs one");
                    throw new ExitCode(1);
                }
                try (ExecProcess p = berth.startBundle(dir); PseudoTerminal pty = p.terminal()) {
                    return TerminalSession.attach(pty, p::waitFor, true);
                }
            }
        }

        /** Whether the bundle's {@code process.terminal} is true (an unreadable config is the run's error). */
        private static boolean terminal(Path dir) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("config.json").toFile())
                        .at("/process/terminal").asBoolean(false);
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}
