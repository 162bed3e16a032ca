package dev.berth.testcontainers.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers benchmark, for {@code bench/docker-api.sh}: {@code GenericContainer}
 * start, ready (a log line), stop of a busybox container, N times in one JVM, on whatever engine
 * Testcontainers finds: Berth in this JVM by default (berth-testcontainers on the class path),
 * or {@code DOCKER_HOST} ({@code berth serve}, a dockerd). The first run (the engine's start)
 * is left out. Prints {@code testcontainers ENGINE runs=N p50_ms=… mean_ms=… total_ms=…}.
 *
 * <p>Arguments: the image (default {@value LocalImages#BUSYBOX_REFERENCE}) and N (default 50).
 */
public final class StartStopBench {
    private StartStopBench() {
    }

    public static void main(String[] args) {
        DockerImageName image = DockerImageName.parse(args.length > 0 ? args[0] : LocalImages.BUSYBOX_REFERENCE);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        once(image); // warm: the engine starts, the image is looked up once
        List<Long> millis = new ArrayList<>();
        long all = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            once(image);
            millis.add(Duration.ofNanos(System.nanoTime() - t).toMillis());
        }
        long total = Duration.ofNanos(System.nanoTime() - all).toMillis();
        Collections.sort(millis);
        String engine = DockerClientFactory.instance().getInfo().getName();
        System.out.printf("testcontainers %s runs=%d p50_ms=%d mean_ms=%d total_ms=%d%n", engine, runs,
                millis.get(millis.size() / 2), total / runs, total);
        System.exit(0);
    }

    private static void once(DockerImageName image) {
        try (GenericContainer<?> c = new GenericContainer<>(image)
                .withCommand("sh", "-c", "echo ready; exec sleep 600")
                .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
            c.start();
        }
    }
}
