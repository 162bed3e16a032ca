package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Berth inside podman containers, as inside Kubernetes pods (#19). A privileged one: the demo
 * image's scenarios through the Java API with BERTH_HOME on a volume (all pass: limits hold in
 * the container's nested cgroups) and on the container's own overlay root (the copy driver, RUN
 * steps included). Root in a user namespace: the rootless path. Nothing is left in
 * the container or on the host. Runs
 * {@code bench/nested.sh} without its timing on {@code cli/target/berth.jar}, so Maven runs it at
 * {@code package}, as {@link LauncherArchiveTest}.
 */
@RequiresRoot("podman runs the pod as root, and Berth runs containers in it")
class NestedPodmanTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void thePrivilegedShapeRunsEveryScenarioAndLeavesNothing() throws Exception {
        List<String> lines = nested("privileged", "volume overlay");
        String all = String.join("\n", lines);
        for (String s : List.of("run", "exec", "limits", "port", "build", "commit")) {
            assertTrue(lines.contains("privileged volume " + s + " PASS"), s + " on a volume:\n" + all);
        }
        for (String s : List.of("run", "exec", "limits", "port", "build", "commit")) {
            assertTrue(lines.contains("privileged overlay " + s + " PASS"), s + " on the overlay root:\n" + all);
        }
        assertTrue(all.contains("the copy driver (vfs) is used"), all);
        assertNothingLeft(lines, 2);
    }

    /**
     * Root in a user namespace with podman's default capabilities (a pod with hostUsers: false)
     * takes the rootless path: with the pod's /proc unmasked, containers run, exec, build with RUN
     * and commit in nested user namespaces; limits (read-only cgroups) and a published port (no
     * /dev/net/tun in the pod) are refused with the reason, never failed. With the default masks
     * the kernel refuses each container a /proc, which Berth says with the fix.
     */
    @Test
    void rootInAUserNamespaceTakesTheRootlessPath() throws Exception {
        List<String> lines = nested("userns userns-unmasked", "volume");
        String all = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("# userns-unmasked volume:   user: root inside a user namespace"
                + " (0 300000 65536) (a pod with hostUsers: false): the rootless path")), all);
        for (String s : List.of("run", "exec", "hostnet", "build", "commit")) {
            assertTrue(lines.contains("userns-unmasked volume " + s + " PASS"), s + ":\n" + all);
        }
        for (String s : List.of("limits", "port")) {
            assertTrue(lines.stream().anyMatch(l -> l.equals("userns-unmasked volume " + s + " PASS")
                    || l.startsWith("userns-unmasked volume " + s + " REFUSED (")), s + " passes or is refused:\n" + all);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("userns volume run REFUSED (") && l.contains("procMount: Unmasked")),
                "masked /proc: refused with the fix:\n" + all);
        assertFalse(lines.stream().anyMatch(l -> l.contains(" FAIL")), all);
        assertNothingLeft(lines, 2);
    }

    /**
     * A non-root user (a pod with runAsUser: 1000) takes the rootless path with its home on the
     * pod's own overlay root: with /proc unmasked and a tun device it can open, containers run,
     * exec, publish a port through slirp4netns, build with RUN on copied layers and commit; a
     * limit passes or is refused with the reason (read-only cgroups). With podman's defaults
     * the masked /proc is refused with the fix.
     */
    @Test
    void aNonRootUserTakesTheRootlessPathOnTheOverlayRoot() throws Exception {
        List<String> lines = nested("user user-tun", "overlay");
        String all = String.join("\n", lines);
        for (String s : List.of("run", "exec", "port", "hostnet", "build", "commit")) {
            assertTrue(lines.contains("user-tun overlay " + s + " PASS"), s + ":\n" + all);
        }
        assertTrue(lines.stream().anyMatch(l -> l.equals("user-tun overlay limits PASS")
                || l.startsWith("user-tun overlay limits REFUSED (")), "limits pass or are refused:\n" + all);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("user overlay run REFUSED (") && l.contains("procMount: Unmasked")),
                "masked /proc: refused with the fix:\n" + all);
        assertFalse(lines.stream().anyMatch(l -> l.contains(" FAIL")), all);
        assertNothingLeft(lines, 2);
    }

    /** Runs bench/nested.sh without its timing for {@code shapes} and {@code homes}; its output lines. */
    private static List<String> nested(String shapes, String homes) throws Exception {
        assumeTrue(Files.isRegularFile(ROOT.resolve("cli/target/berth.jar")),
                "cli/target/berth.jar is not built yet (Maven runs this test at package)");
        assumeTrue(onPath("podman") && onPath("runc"), "needs podman and runc");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bench/nested.sh").toString()).redirectErrorStream(true);
        pb.environment().put("SHAPES", shapes);
        pb.environment().put("HOMES", homes);
        pb.environment().put("NO_TIMING", "1");
        Path log = Files.createTempFile("nested-", ".log");
        try {
            Process p = pb.redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(15, TimeUnit.MINUTES), "bench/nested.sh finished");
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join("\n", lines));
            return lines;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void assertNothingLeft(List<String> lines, int containers) {
        String all = String.join("\n", lines);
        assertEquals(containers, lines.stream().filter(l -> l.endsWith("left in the pod: mounts 0, berth cgroups 0,"
                + " container processes 0")).count(), all);
        assertEquals(containers, lines.stream().filter(l -> l.startsWith("# left on the host after") && l.endsWith(": none")).count(), all);
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
