package dev.berth.samples;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.rootfs.BusyboxTree;
import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a command in a sandbox with limits: a busybox root on overlay, new pid, mount, uts, ipc,
 * net and cgroup namespaces, 64 MiB of memory and 64 pids, no capabilities. Prints what the
 * sandboxed process sees and what was written to its upper layer. Needs root (rootless comes
 * with user namespaces).
 *
 * <pre>java -jar samples/target/berth.jar [command...]</pre>
 */
public final class SandboxDemo {
    private SandboxDemo() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out));
    }

    /** Runs {@code command} (the demo script when empty) in the sandbox; returns its shell exit code. */
    static int run(List<String> command, PrintStream out) throws Exception {
        if (command.isEmpty()) {
            command = List.of("sh", "-c",
                    "echo \"hello from $(hostname), pid $$, uid $(id -u)\"; "
                    + "echo \"processes: $(ls /proc | grep -c '^[0-9]')\"; "
                    + "echo \"interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ')\"; "
                    + "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; "
                    + "echo 'written inside' > /tmp/hello.txt");
        }
        Path work = Files.createTempDirectory("berth-demo-");
        try {
            Path lower = BusyboxTree.create(work.resolve("rootfs"));
            Path upper = Files.createDirectories(work.resolve("upper"));
            RootFs root = RootFs.overlay(List.of(lower), upper,
                    Files.createDirectories(work.resolve("work")), Files.createDirectories(work.resolve("merged")));
            ProcessSpec spec = ProcessSpec.builder(command).name("berth-demo").hostname("berth-demo")
                    .rootfs(root).limits(CgroupLimits.builder().memoryBytes(64L << 20).pidsMax(64).build())
                    .build();
            long t0 = System.nanoTime();
            out.println("berth: starting " + command + " in a busybox sandbox (overlay root, 64 MiB, 64 pids)");
            try (IsolatedProcess p = Host.system().launcher().launch(spec)) {
                CompletableFuture<Void> err = CompletableFuture.runAsync(() -> copy(p.stderr(), out));
                copy(p.stdout(), out);
                ExitStatus status = p.waitFor(Duration.ofMinutes(5)).orElseThrow();
                err.join();
                out.printf("berth: %s in %d ms%n", status, (System.nanoTime() - t0) / 1_000_000);
                Path hello = upper.resolve("tmp/hello.txt");
                if (Files.exists(hello)) {
                    out.println("berth: the upper layer holds /tmp/hello.txt: "
                            + Files.readString(hello, StandardCharsets.UTF_8).trim());
                }
                return status.shellCode();
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    private static void copy(InputStream in, PrintStream out) {
        try {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
