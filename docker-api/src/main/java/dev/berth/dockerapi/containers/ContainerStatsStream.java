package dev.berth.dockerapi.containers;

import dev.berth.Container;
import dev.berth.ContainerDetails;
import dev.berth.ContainerStats;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.system.HostFacts;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.JsonCodec;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /containers/{id}/stats}: one sample a second while {@code stream} is true (the
 * default), or one sample with a second-old {@code precpu_stats} when it is false, so that the
 * client can compute CPU % from either, as with dockerd. A container that is not running gives
 * zeros, as dockerd's do.
 */
final class ContainerStatsStream {
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private ContainerStatsStream() {
    }

    static ApiResponse stats(Container c, ApiRequest req) {
        boolean stream = req.queryFlag("stream", true);
        boolean oneShot = req.queryFlag("one-shot", false);
        ContainerDetails d = c.details();
        long memoryLimit = d.limits().memoryBytes() > 0 ? d.limits().memoryBytes() : HostFacts.memTotal();
        int cpus = Runtime.getRuntime().availableProcessors();
        return ApiResponse.stream(200, "application/json", out -> {
            StatsJson.Reading before = null;
            if (!stream && !oneShot) {
                before = reading(c);
                Thread.sleep(INTERVAL.toMillis());
            }
            do {
                StatsJson.Reading now = reading(c);
                Map<String, StatsJson.NetworkStats> networks = c.isRunning() ? HostReadings.networks(c.state().pid()) : Map.of();
                write(out, StatsJson.of(d.name(), d.id(), now, before, cpus, memoryLimit, d.limits().pids(), networks));
                before = now;
                if (stream) {
                    Thread.sleep(INTERVAL.toMillis());
                }
            } while (stream && req.clientConnected() && c.isRunning());
        });
    }

    /**
     * One sample of each container as {@code stream=false} answers it: read twice a second
     * apart (one wait for all), so that CPU % is over that second.
     */
    static java.util.List<StatsJson> samples(java.util.List<Container> containers) throws InterruptedException {
        java.util.List<StatsJson.Reading> before = new java.util.ArrayList<>();
        for (Container c : containers) {
            before.add(reading(c));
        }
        if (containers.stream().anyMatch(Container::isRunning)) {
            Thread.sleep(INTERVAL.toMillis());
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        java.util.List<StatsJson> out = new java.util.ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            ContainerDetails d = c.details();
            long memoryLimit = d.limits().memoryBytes() > 0 ? d.limits().memoryBytes() : HostFacts.memTotal();
            Map<String, StatsJson.NetworkStats> networks = c.isRunning() ? HostReadings.networks(c.state().pid()) : Map.of();
            out.add(StatsJson.of(d.name(), d.id(), reading(c), before.get(i), cpus, memoryLimit, d.limits().pids(), networks));
        }
        return out;
    }

    private static StatsJson.Reading reading(Container c) {
        if (!c.isRunning()) {
            return StatsJson.Reading.notRunning();
        }
        return new StatsJson.Reading(Instant.now(), c.stats().orElse(ContainerStats.unknown()), HostReadings.systemCpuNanos());
    }

    private static void write(OutputStream out, StatsJson json) throws Exception {
        out.write(JsonCodec.MAPPER.writeValueAsBytes(json));
        out.write('\n');
        out.flush();
    }
}
