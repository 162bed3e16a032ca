package dev.berth;

import dev.berth.runtime.ContainerExec;
import dev.berth.runtime.HealthFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Runs one run of a container's health check, as dockerd's health monitor does: a probe every
 * start interval during the start period and every interval after, each an exec of the test
 * with the timeout; exit 0 is healthy, anything else a failure, and {@code retries} failures in
 * a row (not counting those of the start period before the first success) make the container
 * unhealthy. Each result goes to {@code health.json} and a change of status to a
 * {@code health_status} event. The thread ends with the run.
 */
final class HealthMonitor {
    /** Docker keeps at most this much of a probe's output. */
    private static final int MAX_OUTPUT = 4096;

    private final Container container;
    private final HealthConfig config;
    private final HealthFiles files;
    private final CompletableFuture<ContainerState> exited;
    private final Instant startedAt;
    private final Thread thread;
    private Health health = new Health(Health.Status.STARTING, 0, List.of());

    private HealthMonitor(Container container, HealthConfig config, HealthFiles files, CompletableFuture<ContainerState> exited,
            Instant startedAt) {
        this.container = container;
        this.config = config;
        this.files = files;
        this.exited = exited;
        this.startedAt = startedAt;
        this.thread = new Thread(this::run, "berth-health-" + container.name());
        thread.setDaemon(true);
    }

    /** Starts checking the run that began at {@code startedAt} and ends with {@code exited}. */
    static HealthMonitor start(Container container, HealthConfig config, HealthFiles files,
            CompletableFuture<ContainerState> exited, Instant startedAt) {
        HealthMonitor m = new HealthMonitor(container, config, files, exited, startedAt);
        m.write(); // starting, from the start on, as docker inspect shows it
        m.thread.start();
        return m;
    }

    /** Stops checking (the run is over or the container is going). */
    void stop() {
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                boolean inStartPeriod = Duration.between(startedAt, Instant.now()).compareTo(config.effectiveStartPeriod()) < 0;
                Duration wait = inStartPeriod ? config.effectiveStartInterval() : config.effectiveInterval();
                try {
                    exited.get(wait.toNanos(), TimeUnit.NANOSECONDS);
                    return; // the run is over
                } catch (TimeoutException probeNow) {
                    // time for a probe
                } catch (ExecutionException e) {
                    return;
                }
                if (container.state().paused()) {
                    continue; // a frozen container cannot answer; its health stays as it was
                }
                Health.Probe probe = probe();
                if (exited.isDone()) {
                    return; // the probe failed because the container went
                }
                result(probe);
            }
        } catch (InterruptedException stopped) {
            // the container is going
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(HealthMonitor.class).warn("container {}: its health check stopped", container.name(), e);
        }
    }

    private Health.Probe probe() throws InterruptedException {
        Instant start = Instant.now();
        ExecResult r;
        try {
            r = container.probe(config.command(), config.effectiveTimeout());
        } catch (ContainerException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped during a probe");
            }
            r = new ExecResult(ContainerExec.TIMED_OUT, "", e.getMessage());
        }
        String output = r.exitCode() == ContainerExec.TIMED_OUT && r.stderr().isEmpty() && r.stdout().isEmpty()
                ? "Health check exceeded timeout (" + goDuration(config.effectiveTimeout()) + ")"
                : truncate(r.stdout() + r.stderr());
        return new Health.Probe(start, Instant.now(), r.exitCode(), output);
    }

    /** Docker's rules: see the class comment. */
    private void result(Health.Probe probe) {
        Health.Status was = health.status();
        Health.Status status = was;
        int streak = health.failingStreak();
        if (probe.exitCode() == 0) {
            streak = 0;
            status = Health.Status.HEALTHY;
        } else if (!(was == Health.Status.STARTING
                && Duration.between(startedAt, probe.start()).compareTo(config.effectiveStartPeriod()) < 0)) {
            streak++;
            if (streak >= config.effectiveRetries()) {
                status = Health.Status.UNHEALTHY;
            }
        }
        List<Health.Probe> log = new ArrayList<>(health.log());
        log.add(probe);
        while (log.size() > Health.LOG_SIZE) {
            log.remove(0);
        }
        health = new Health(status, streak, log);
        write();
        if (status != was) {
            container.record("health_status: " + status.apiName(), Map.of());
        }
    }

    private void write() {
        try {
            files.write(health);
        } catch (IOException e) {
            LoggerFactory.getLogger(HealthMonitor.class).warn("container {}: cannot write its health", container.name(), e);
        }
    }

    private static String truncate(String output) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_OUTPUT ? output : new String(bytes, 0, MAX_OUTPUT, StandardCharsets.UTF_8);
    }

    /** As Go prints a duration: 30s, 1.5s, 500ms. */
    private static String goDuration(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros();
        return s.toPlainString() + "s";
    }
}
