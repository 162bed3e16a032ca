package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.cgroup.CgroupHierarchy;
import dev.berth.namespaces.cgroup.CgroupLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A detached container that an earlier JVM started (as an earlier {@code berth serve}) from
 * other v1 cgroups than this JVM's: its cgroup lies under that JVM's own, so this JVM finds it
 * from its main process's /proc/&lt;pid&gt;/cgroup for stats, top, pause and exec.
 */
class ReattachedContainerCgroupTest extends BusyboxContainers {

    @Test
    void statsTopPauseAndExecWorkOnAContainerAnotherJvmStartedFromOtherCgroups() throws Exception {
        // The other JVM runs in a fresh group of each v1 hierarchy (none on a pure v2 host).
        List<Path> otherCgroups = new ArrayList<>();
        String suffix = "reattach-test-" + UUID.randomUUID().toString().substring(0, 8);
        for (CgroupHierarchy h : CgroupLayout.system().hierarchies()) {
            if (!h.isUnified()) {
                otherCgroups.add(Files.createDirectory(h.ownDirectory().resolve(suffix)));
            }
        }
        String join = otherCgroups.stream().map(d -> "echo $$ > " + d.resolve("cgroup.procs") + " || exit 9; ")
                .collect(Collectors.joining());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder("sh", "-c", join + "exec \"$0\" \"$@\"", java.toString(), "-cp",
                System.getProperty("java.class.path"), DetachedSleeperMain.class.getName(), home.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String id = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
            assertNotNull(id, "the other JVM exited without starting its container");
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the other JVM did not exit");
            assertEquals(0, jvm.exitValue());

            Container c = berth.findContainer(id).orElseThrow();
            assertTrue(c.isRunning(), c.state().toString());
            ContainerStats stats = c.stats().orElseThrow(() -> new AssertionError("no stats"));
            assertTrue(stats.memoryUsageBytes().orElseThrow() > 0, stats.toString());
            assertTrue(stats.pidsCurrent().orElseThrow() >= 2, stats.toString()); // the shell and its sleep
            List<String> commands = c.top().processes().stream().map(r -> r.get(7)).toList();
            assertTrue(commands.contains("sleep 300"), commands.toString());

            c.pause();
            assertTrue(c.state().paused(), c.state().toString());
            assertTrue(berth.findContainer(id).orElseThrow().state().paused(), "another handle sees it running");
            c.unpause();
            assertFalse(c.state().paused(), c.state().toString());

            // An exec joins the container's groups: its memory group then counts one more process.
            // An exec joins the container's groups: in its cgroup namespace, each is then "/".
            String inGroup = c.exec("cat", "/proc/self/cgroup").stdout();
            assertTrue(inGroup.lines().anyMatch(l -> l.matches("\\d+:memory:/")), inGroup);

            c.stop(Duration.ofSeconds(10));
            c.remove();
            // The group it had under the other JVM's cgroups went with it.
            for (Path d : otherCgroups) {
                try (Stream<Path> left = Files.walk(d)) {
                    assertEquals(List.of(d), left.filter(Files::isDirectory).toList());
                }
            }
        } finally {
            jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            for (Path d : otherCgroups) {
                removeGroups(d);
            }
        }
    }

    /** rmdir of {@code top} and the (empty) groups under it, deepest first. */
    private static void removeGroups(Path top) throws IOException {
        try (Stream<Path> all = Files.walk(top)) {
            for (Path d : all.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(d);
            }
        }
    }
}
