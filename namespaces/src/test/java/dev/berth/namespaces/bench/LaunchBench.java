package dev.berth.namespaces.bench;

import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.launch.Stdio;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Berth side of bench/launch.sh: from a warm JVM, times launch-to-exit of /bin/true in a
 * busybox root on overlay (a volatile upper, as for a throw-away container; -Dbench.durable=true
 * for a synced one) with pid, mnt, uts, ipc and net namespaces, the standard /proc, /dev and
 * /sys mounts, and a cgroup (pids limit). Prints one line: {@code berth ms: median min max}.
 * The root and the per-launch upper/work directories are made outside the timed part.
 */
public final class LaunchBench {
    private LaunchBench() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Sandbox sandbox = new Sandbox(Files.createDirectories(Path.of(args[0])));
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            RootFs root = Boolean.getBoolean("bench.durable") ? sandbox.overlay() : sandbox.overlay().volatileUpper();
            ProcessSpec.Builder b = ProcessSpec.builder("/bin/true").rootfs(root).stdout(Stdio.discard()).stderr(Stdio.discard());
            if (!Boolean.getBoolean("bench.nocgroup") && !Boolean.getBoolean("bench.bare")) {
                b.limits(CgroupLimits.builder().pidsMax(64).build());
            }
            if (Boolean.getBoolean("bench.nomounts")) {
                b.standardMounts(false);
            }
            if (Boolean.getBoolean("bench.bare")) {
                // What the floor (unshare --mount-proc + chroot) does: namespaces, a root, /proc.
                b = ProcessSpec.builder("/bin/true").rootfs(root).stdout(Stdio.discard()).stderr(Stdio.discard())
                        .standardMounts(false).mount(dev.berth.namespaces.launch.Mount.of("proc", "proc", "/proc", 0, null));
            }
            if (Boolean.getBoolean("bench.nonet")) {
                b.namespaces(java.util.EnumSet.of(dev.berth.namespaces.Namespace.Type.MNT, dev.berth.namespaces.Namespace.Type.PID,
                        dev.berth.namespaces.Namespace.Type.UTS, dev.berth.namespaces.Namespace.Type.IPC));
            }
            ProcessSpec spec = b.build();
            long t0 = System.nanoTime();
            try (IsolatedProcess p = Launcher.system().launch(spec)) {
                ExitStatus st = p.waitFor();
                long t1 = System.nanoTime();
                if (!st.success()) {
                    throw new IllegalStateException("/bin/true " + st);
                }
                if (i >= warmup) {
                    ms.add((t1 - t0) / 1e6);
                }
            }
        }
        Collections.sort(ms);
        System.out.printf("berth ms: %.2f %.2f %.2f%n", ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1));
    }
}
