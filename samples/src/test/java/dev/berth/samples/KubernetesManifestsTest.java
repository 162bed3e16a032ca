package dev.berth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The manifests of {@code samples/kubernetes/} pass {@code kubectl create --dry-run=client
 * --validate=false} ({@code check.sh}; Debian {@code kubernetes-client}), each giving its objects.
 * No cluster is involved.
 */
class KubernetesManifestsTest {
    @Test
    void everyManifestPassesAClientDryRun() throws Exception {
        assumeTrue(onPath("kubectl") && onPath("python3"), "needs kubectl (Debian kubernetes-client) and python3");
        Path script = Path.of("").toAbsolutePath().getParent().resolve("samples/kubernetes/check.sh");
        Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("sandbox-privileged.yaml: OK (2 objects: Deployment Service )"), out);
        assertTrue(out.contains("sandbox-userns.yaml: OK (1 objects: Deployment )"), out);
        assertTrue(out.contains("build-push-job.yaml: OK (1 objects: Job )"), out);
    }

    private static boolean onPath(String tool) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
