package dev.berth.build;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.cgroup.device.DevicePolicy;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.runtime.ContainerConfigRules;
import dev.berth.runtime.ContainerCapabilities;
import dev.berth.runtime.ContainerLaunch;
import dev.berth.runtime.ExecUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one {@code RUN} command the way a build container runs it
 * (<a href="https://docs.docker.com/reference/dockerfile/#run">Dockerfile RUN</a>): on an overlay
 * of the stage's layers with a throw-away upper directory (which holds the step's changes
 * afterwards), or on a copy of them where the copy driver (vfs) is used, with the stage's environment, build arguments, user, working directory and shell,
 * the capabilities a container's root has (none for another user), and its {@link RunNetwork}. The overlay
 * and every mount live in the process's own mount namespace and vanish with it; no cgroup is
 * made, as the step has no limits.
 */
final class RunCommand {
    private static final int TAIL_LINES = 40;

    /** A failed command: its exit and its last lines of output. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private RunCommand() {
    }

    /**
     * Runs {@code step} on {@code root}: an overlay of {@code lowers} (highest first) with a
     * throw-away upper, or (the copy driver's way) a directory holding a copy of them; passes
     * each output line to {@code output}. The lowers give the user and network files.
     *
     * @param binds extra mounts (cache and bind mounts) as host path to container path
     * @param network the step's network, made ready before its command runs
     * @param secretEnv secrets ({@code env=}) and {@code SSH_AUTH_SOCK}, added to this command's environment only
     * @throws Failure when the command exits non-zero, naming the command and quoting its output
     */
    static void run(Host host, BuildStep.Run step, StageState state, List<Path> lowers, RootFs root,
            List<Mount> binds, RunNetwork network, java.util.Map<String, String> secretEnv, Consumer<String> output)
            throws IOException, Failure, InterruptedException {
        List<String> argv = argv(step, state.config);
        String userSpec = state.config.user == null ? "" : state.config.user;
        ExecUser user;
        try {
            user = ContainerConfigRules.user(host.syscalls(), userSpec, lowers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("user \"" + userSpec + "\": " + e.getMessage(), e);
        }
        String workdir = state.config.workingDir == null || state.config.workingDir.isEmpty()
                ? "/" : state.config.workingDir;
        List<String> env = new ArrayList<>(state.runEnv());
        secretEnv.forEach((k, v) -> {
            env.removeIf(e -> e.startsWith(k + "="));
            env.add(k + "=" + v);
        });
        ProcessSpec.Builder spec = ContainerLaunch.withUser(ProcessSpec.builder(argv), env, user.uid(),
                user.gid(), user.additionalGids(), user.home())
                .workdir(workdir)
                .rootfs(root)
                .capabilities(ContainerCapabilities.forUser(user.uid(), null))
                // Docker's device rules, as for a container: a base image's device nodes stay closed.
                .limits(CgroupLimits.builder().devices(DevicePolicy.dockerDefault()).build());
        network.configure(host, spec, lowers);
        for (Mount m : binds) {
            spec.mount(m);
        }
        Deque<String> tail = new ArrayDeque<>();
        Consumer<String> keep = line -> {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            output.accept(line);
        };
        ExitStatus exit;
        try (IsolatedProcess p = host.launcher().launch(spec.build())) {
            network.launched();
            Thread err = pump(p.stderr(), keep, p.name() + "-stderr");
            Thread out = pump(p.stdout(), keep, p.name() + "-stdout");
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                // A cancelled build: the step's processes go before its network and overlay are undone.
                p.kill();
                awaitExit(p);
                throw e;
            }
            out.join();
            err.join();
        }
        if (!exit.success()) {
            StringBuilder msg = new StringBuilder("command ").append(Quoting.json(argv)).append(" failed: ")
                    .append(exit.exited() ? "exit code " + exit.exitCode() : "killed by signal " + exit.signal());
            synchronized (tail) {
                if (!tail.isEmpty()) {
                    msg.append("; last output:");
                    tail.forEach(l -> msg.append("\n  ").append(l));
                }
            }
            // apt-get and the like only say that a name did not resolve
            network.without().ifPresent(why -> msg.append('\n').append(why));
            throw new Failure(msg.toString());
        }
    }

    /** Shell form runs under the stage's shell ({@code /bin/sh -c} by default); exec form as it is. */
    static List<String> argv(BuildStep.Run step, BuildConfig config) {
        if (!step.shellForm()) {
            return step.command();
        }
        List<String> argv = new ArrayList<>(config.shellOrDefault());
        argv.add(step.command().get(0));
        return argv;
    }

    private static void awaitExit(IsolatedProcess p) {
        while (true) {
            try {
                p.waitFor();
                return;
            } catch (InterruptedException again) {
                // the kill has been sent; its exit comes at once
            }
        }
    }

    private static Thread pump(InputStream in, Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try {
                lines(in, sink);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void lines(InputStream in, Consumer<String> sink) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            sink.accept(line);
        }
    }
}
