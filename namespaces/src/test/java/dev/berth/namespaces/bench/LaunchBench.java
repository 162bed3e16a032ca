package dev.berth.namespaces.bench;

import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.launch.LaunchTrace;
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

    /**
     * With -Dberth.launch.trace=true: per step (a label, numbered when it repeats), the median over
     * the runs of its time since the launch call, in the order of those medians, and the gap to the
     * step before. Java's steps and the helper's two halves interleave.
     */
    private static void printTrace(List<List<LaunchTrace.Mark>> traces) {
        java.util.Map<String, List<Double>> at = new java.util.LinkedHashMap<>();
        for (List<LaunchTrace.Mark> t : traces) {
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            for (LaunchTrace.Mark m : t) {
                int n = seen.merge(m.label(), 1, Integer::sum);
                String key = n == 1 ? m.label() : m.label() + "#" + n;
                at.computeIfAbsent(key, k -> new ArrayList<>()).add((m.nanos() - t.get(0).nanos()) / 1e6);
            }
        }
        List<java.util.Map.Entry<String, Double>> medians = new ArrayList<>();
        at.forEach((k, v) -> {
            Collections.sort(v);
            medians.add(java.util.Map.entry(k, v.get(v.size() / 2)));
        });
        medians.sort(java.util.Map.Entry.comparingByValue());
        StringBuilder b = new StringBuilder("launch trace, median over " + traces.size() + " runs: step, ms since launch, ms since the step before");
        double prev = 0;
        for (java.util.Map.Entry<String, Double> e : medians) {
            b.append(String.format("%n  %-16s %7.3f  %+7.3f", e.getKey(), e.getValue(), e.getValue() - prev));
            prev = e.getValue();
        }
        System.out.println(b);
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Sandbox sandbox = new Sandbox(Files.createDirectories(Path.of(args[0])));
        List<Double> ms = new ArrayList<>();
        List<List<LaunchTrace.Mark>> traces = new ArrayList<>();
        boolean traced = Boolean.getBoolean("berth.launch.trace");
        if (traced) {
            // A launch's end comes as a second list with the same first mark: joined to its start.
            LaunchTrace.listener(marks -> {
                synchronized (traces) {
                    List<LaunchTrace.Mark> last = traces.isEmpty() ? null : traces.get(traces.size() - 1);
                    if (last != null && last.get(0).equals(marks.get(0))) {
                        List<LaunchTrace.Mark> joined = new ArrayList<>(last);
                        joined.addAll(marks.subList(1, marks.size()));
                        traces.set(traces.size() - 1, joined);
                    } else {
                        traces.add(marks);
                    }
                }
            });
        }
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
            long t1;
            try (IsolatedProcess p = Launcher.system().launch(spec)) {
                ExitStatus st = p.waitFor();
                t1 = System.nanoTime();
                if (!st.success()) {
                    throw new IllegalStateException("/bin/true " + st);
                }
            }
            // After close: the end's trace (helper reaped, cgroup removed) may follow waitFor.
            synchronized (traces) {
                if (i >= warmup) {
                    ms.add((t1 - t0) / 1e6);
                } else {
                    traces.clear();
                }
                if (!traces.isEmpty()) {
                    List<LaunchTrace.Mark> last = new ArrayList<>(traces.remove(traces.size() - 1));
                    last.add(new LaunchTrace.Mark("waitFor", t1));
                    traces.add(last);
                }
            }
        }
        if (traced) {
            printTrace(traces);
        }
        Collections.sort(ms);
        System.out.printf("berth ms: %.2f %.2f %.2f%n", ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1));
    }
}
