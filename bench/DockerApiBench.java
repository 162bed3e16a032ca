import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers side of bench/docker-api.sh, run as a single-file program
 * ({@code java -cp CP bench/DockerApiBench.java LABEL RUNS IMAGE}): starts a busybox
 * {@code GenericContainer}, waits until it logs that it is ready, and stops it, RUNS times in
 * this JVM after two warm-up runs, on whatever engine Testcontainers finds (berth-testcontainers
 * on the class path, or DOCKER_HOST). Then times {@code docker ps} against the same socket.
 * Prints one line: {@code RESULT LABEL mean_ms=X p50_ms=Y ps_p50_ms=Z}.
 */
public final class DockerApiBench {
    private static final int WARM_UP = 2;
    private static final int PS_RUNS = 20;

    public static void main(String[] args) throws Exception {
        String label = args[0];
        int runs = Integer.parseInt(args[1]);
        DockerImageName image = DockerImageName.parse(args[2]);
        long[] nanos = new long[runs];
        for (int i = -WARM_UP; i < runs; i++) {
            long t0 = System.nanoTime();
            try (GenericContainer<?> c = new GenericContainer<>(image).withCommand("sh", "-c", "echo ready; exec sleep 300")
                    .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
                c.start();
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - t0;
            }
        }
        String host = DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
        System.out.printf("RESULT %s mean_ms=%.1f p50_ms=%.1f ps_p50_ms=%.1f engine=%s%n", label,
                Arrays.stream(nanos).average().orElseThrow() / 1e6, p50(nanos) / 1e6, p50(dockerPs(host)) / 1e6, host);
    }

    /** Wall time of each of {@value #PS_RUNS} {@code docker ps} processes against {@code host}, after one warm-up. */
    private static long[] dockerPs(String host) throws IOException, InterruptedException {
        long[] nanos = new long[PS_RUNS];
        for (int i = -1; i < PS_RUNS; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(List.of(System.getProperty("docker", "docker"), "-H", host, "ps")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("docker -H " + host + " ps failed");
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - t0;
            }
        }
        return nanos;
    }

    private static double p50(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
