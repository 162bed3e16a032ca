package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code run -d}: a container outlives the command that started it because a monitor process
 * owns it, as conmon does for podman. The monitor is this program again
 * ({@code berth run --monitor ...}) in a new session; it starts the container, reports
 * {@code started ID} (or {@code error MESSAGE}) on its stdout, serves the container's
 * {@link ControlSocket} and exits when the container does, leaving the exited container for
 * {@code berth logs} and {@code berth rm}.
 */
final class DetachedRun {
    private DetachedRun() {
    }

    /** Starts the monitor with the same options, waits for its report and prints the container id. */
    static int start(BerthCommand top, ParseResult run, String image, List<String> command) throws Exception {
        List<String> argv = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            argv.add("/usr/bin/setsid"); // no controlling terminal: a closed terminal's SIGHUP does not reach it
        }
        argv.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        // A monitor does little: a small heap and the simplest collector keep it light.
        argv.addAll(List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        if (top.home != null) {
            argv.addAll(List.of("--home", top.home.toAbsolutePath().toString()));
        }
        if (top.debug) {
            argv.add("--debug");
        }
        argv.add("run");
        argv.addAll(monitorArguments(run, image, command));
        Process p = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectError(top.debug ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD).start();
        String report;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            report = r.readLine();
        }
        if (report != null && report.startsWith("started ")) {
            System.out.println(report.substring("started ".length()));
            return 0;
        }
        if (report != null && report.startsWith("error ")) {
            System.err.println("berth: " + report.substring("error ".length()));
            throw new ExitCode(ErrorLine.ENGINE_ERROR);
        }
        throw new IllegalStateException("the container's monitor process exited with " + p.waitFor()
                + " before starting it (rerun with --debug to see why)");
    }

    /** The run's options as given, without {@code -d}, plus {@code --monitor}, then IMAGE and COMMAND. */
    private static List<String> monitorArguments(ParseResult run, String image, List<String> command) {
        List<String> args = new ArrayList<>(List.of("--monitor"));
        for (OptionSpec o : run.matchedOptions()) {
            if (o.longestName().equals("--detach")) {
                continue;
            }
            if (o.arity().max() == 0) {
                args.add(o.longestName());
            } else {
                for (String v : o.originalStringValues()) {
                    args.add(o.longestName() + "=" + v);
                }
            }
        }
        args.add("--");
        args.add(image);
        args.addAll(command);
        return args;
    }

    /** The monitor's part: start, report, serve, wait; returns the container's exit code. */
    static int monitor(Berth berth, ContainerBuilder<?> b, boolean rm) throws Exception {
        Container c;
        try {
            c = RunCommand.start(b);
        } catch (ExitCode e) {
            System.out.println("error the container's command cannot be executed (exit " + e.code() + ")");
            throw e;
        } catch (RuntimeException e) {
            System.out.println("error " + ErrorLine.message(e));
            throw new ExitCode(ErrorLine.ENGINE_ERROR);
        }
        Thread stopAtExit = new Thread(() -> RunCommand.stopQuietly(c), "berth-monitor-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        try (ControlServer control = ControlServer.start(berth.home(), c)) {
            System.out.println("started " + c.id());
            System.out.flush();
            System.out.close(); // the starting command reads to here
            return c.waitFor();
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
            if (rm) {
                c.close();
            }
        }
    }
}
