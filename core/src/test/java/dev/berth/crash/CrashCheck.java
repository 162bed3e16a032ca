package dev.berth.crash;

import dev.berth.Berth;
import dev.berth.StoreCheck;
import dev.berth.soak.ResourceSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The check after each of {@code bench/crash.sh}'s kills, in a new JVM: {@code Berth.open()} (which
 * recovers the dead JVM's containers and removes leftovers), then {@link Berth#check()}, which must
 * find the store consistent and clean; and on the host, no mount naming the home, no process of the
 * dead JVM's containers (their {@code sleep 86411}), no cgroup of a container the home held, no
 * build step's scratch directory.
 * Prints one line and exits 1 on any finding.
 *
 * <pre>java -cp TEST_CLASSPATH dev.berth.crash.CrashCheck HOME</pre>
 */
public final class CrashCheck {
    private CrashCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        List<String> ids = new ArrayList<>();
        if (Files.isDirectory(home.resolve("containers"))) {
            try (Stream<Path> s = Files.list(home.resolve("containers"))) {
                s.forEach(p -> ids.add(p.getFileName().toString()));
            }
        }
        StoreCheck check;
        try (Berth berth = Berth.builder().home(home).build()) {
            check = berth.check();
        }
        List<String> host = new ArrayList<>();
        if (Files.isDirectory(home.resolve("build-tmp"))) {
            try (Stream<Path> s = Files.list(home.resolve("build-tmp"))) {
                s.forEach(p -> host.add("build scratch " + p));
            }
        }
        Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(home.toString()))
                .forEach(l -> host.add("mount " + l));
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String cmd = p.info().commandLine().orElse("");
            if (cmd.equals("sleep " + CrashVictim.MARKER) || cmd.endsWith("/sleep " + CrashVictim.MARKER)) {
                host.add("process " + p.pid() + " " + cmd);
            }
        }
        for (String id : ids) {
            ResourceSnapshot.cgroupsNamed("berth-" + id.substring(0, Math.min(12, id.length())))
                    .forEach(g -> host.add("cgroup " + g));
        }
        boolean ok = check.clean() && host.isEmpty();
        System.out.println((ok ? "consistent and clean: " : "INCONSISTENT: ") + check.report().strip().replace("\n", "; ")
                + (host.isEmpty() ? "; host: no mount, process or cgroup left" : "; host leftovers: " + host)
                + "; recovered " + ids.size() + " container(s)");
        System.exit(ok ? 0 : 1);
    }
}
