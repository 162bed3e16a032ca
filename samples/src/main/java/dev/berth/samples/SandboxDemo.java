package dev.berth.samples;

import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.launch.Stdio;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

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
        List<String> command = args.length > 0 ? List.of(args) : List.of("sh", "-c",
                "echo \"hello from $(hostname), pid $$, uid $(id -u)\"; "
                + "echo \"processes: $(ls /proc | grep -c '^[0-9]')\"; "
                + "echo \"interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ')\"; "
                + "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; "
                + "echo 'written inside' > /tmp/hello.txt");
        Path work = Files.createTempDirectory("berth-demo-");
        int code;
        try {
            Path lower = BusyboxTree.create(work.resolve("rootfs"));
            Path upper = Files.createDirectories(work.resolve("upper"));
            RootFs root = RootFs.overlay(List.of(lower), upper,
                    Files.createDirectories(work.resolve("work")), Files.createDirectories(work.resolve("merged")));
            ProcessSpec spec = ProcessSpec.builder(command).name("berth-demo").hostname("berth-demo")
                    .rootfs(root).stdout(Stdio.inherit()).stderr(Stdio.inherit())
                    .limits(CgroupLimits.builder().memoryBytes(64L << 20).pidsMax(64).build())
                    .build();
            long t0 = System.nanoTime();
            System.out.println("berth: starting " + command + " in a busybox sandbox (overlay root, 64 MiB, 64 pids)");
            try (IsolatedProcess p = Launcher.system().launch(spec)) {
                ExitStatus status = p.waitFor(Duration.ofMinutes(5)).orElseThrow();
                System.out.printf("berth: %s in %d ms%n", status, (System.nanoTime() - t0) / 1_000_000);
                Path hello = upper.resolve("tmp/hello.txt");
                if (Files.exists(hello)) {
                    System.out.println("berth: the upper layer holds /tmp/hello.txt: "
                            + Files.readString(hello, StandardCharsets.UTF_8).trim());
                }
                code = status.shellCode();
            }
        } finally {
            deleteTree(work);
        }
        System.exit(code);
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                // overlay leaves work/work with mode 000; make it deletable
                d.toFile().setWritable(true);
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
