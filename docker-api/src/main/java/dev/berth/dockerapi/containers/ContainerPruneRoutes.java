package dev.berth.dockerapi.containers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Berth;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Filters;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /containers/prune} ({@code docker container prune}): removes every container
 * that is not running (created or exited) and passes the {@code label}, {@code label!} and
 * {@code until} filters, as dockerd's ContainerPrune.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.52/#tag/Container/operation/ContainerPrune">ContainerPrune</a>
 */
public final class ContainerPruneRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.post("/containers/prune", req -> prune(berth, req));
    }

    record Pruned(@JsonProperty("ContainersDeleted") List<String> deleted,
            @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}

    private static ApiResponse prune(Berth berth, ApiRequest req) throws IOException {
        Filters f = req.filters();
        Instant until = f.has("until") ? Until.parse(f.values("until").get(0)) : null;
        dev.berth.PrunedContainers pruned = berth.pruneContainers(
                c -> f.matchesLabels(c.labels()) && (until == null || c.created().isBefore(until)));
        List<String> deleted = pruned.deleted();
        long reclaimed = pruned.spaceReclaimed();
        return ApiResponse.json(200, new Pruned(deleted.isEmpty() ? null : deleted, reclaimed));
    }

    /** dockerd's {@code until}: a Unix time (seconds, maybe fractional), an RFC 3339 time, or a duration before now. */
    static final class Until {
        private Until() {}

        static Instant parse(String value) {
            try {
                if (value.matches("\\d+(\\.\\d+)?")) {
                    return Instant.ofEpochMilli((long) (Double.parseDouble(value) * 1000));
                }
                if (value.matches("(\\d+[hms])+")) { // a Go duration such as 24h or 1h30m
                    return Instant.now().minus(java.time.Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT)));
                }
                return Instant.parse(value);
            } catch (RuntimeException e) {
                throw dev.berth.dockerapi.http.ApiException.badRequest("invalid filter 'until=" + value + "': " + e.getMessage());
            }
        }
    }
}
