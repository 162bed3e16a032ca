package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Berth inside a privileged podman container, as inside a privileged Kubernetes pod (#19): the
 * demo image's scenarios through the Java API with BERTH_HOME on a volume (all pass: limits hold
 * in the container's nested cgroups) and on the container's own overlay root (the copy driver;
 * RUN is refused with the reason), and nothing left in the container or on the host. Runs
 * {@code bench/nested.sh} without its timing on {@code cli/target/berth.jar}, so Maven runs it at
 * {@code package}, as {@link LauncherArchiveTest}.
 */
@RequiresRoot("podman runs the pod as root, and Berth runs containers in it")
class NestedPodmanTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void thePrivilegedShapeRunsEveryScenarioAndLeavesNothing() throws Exception {
        assumeTrue(Files.isRegularFile(ROOT.resolve("cli/target/berth.jar")),
                "cli/target/berth.jar is not built yet (Maven runs this test at package)");
        assumeTrue(onPath("podman") && onPath("runc"), "needs podman and runc");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bench/nested.sh").toString()).redirectErrorStream(true);
        pb.environment().put("SHAPES", "privileged");
        pb.environment().put("NO_TIMING", "1");
        Path log = Files.createTempFile("nested-", ".log");
        try {
            Process p = pb.redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(15, TimeUnit.MINUTES), "bench/nested.sh finished");
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String all = String.join("\n", lines);
            assertEquals(0, p.exitValue(), all);
            for (String s : List.of("run", "exec", "limits", "port", "build", "commit")) {
                assertTrue(lines.contains("privileged volume " + s + " PASS"), s + " on a volume:\n" + all);
            }
            for (String s : List.of("run", "exec", "limits", "port", "commit")) {
                assertTrue(lines.contains("privileged overlay " + s + " PASS"), s + " on the overlay root:\n" + all);
            }
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("privileged overlay build REFUSED (")
                    && l.contains("mount a volume")), "RUN on the overlay root is refused with the fix:\n" + all);
            assertTrue(all.contains("the copy driver (vfs) is used"), all);
            assertEquals(2, lines.stream().filter(l -> l.endsWith("left in the pod: mounts 0, berth cgroups 0,"
                    + " container processes 0")).count(), all);
            assertEquals(2, lines.stream().filter(l -> l.startsWith("# left on the host after") && l.endsWith(": none")).count(), all);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
