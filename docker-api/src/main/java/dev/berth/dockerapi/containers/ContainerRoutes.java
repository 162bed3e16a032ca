package dev.berth.dockerapi.containers;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerDetails;
import dev.berth.NetworkMode;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.time.Duration;

/**
 * The containers endpoints of the Docker Engine API but start, attach, wait, rename and restart
 * (ContainerLifecycleRoutes) and pause, top, changes: create, list, inspect, remove,
 * kill, stop, logs, archive and stats.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container">Container</a>
 */
public final class ContainerRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.get("/containers/json", req -> ApiResponse.json(200, ContainerListing.list(berth, req.queryFlag("all", false),
                req.queryInt("limit", -1), req.filters(), d -> networkFacts(berth, d))));
        router.get("/containers/{id}/json", req -> inspect(berth, req));
        router.delete("/containers/{id}", req -> remove(berth, req));
        router.post("/containers/{id}/kill", req -> kill(berth, req));
        router.post("/containers/{id}/stop", req -> stop(berth, req));
        router.get("/containers/{id}/logs", req -> ContainerLogs.logs(container(berth, req), req));
        router.get("/containers/{id}/stats", req -> ContainerStatsStream.stats(container(berth, req), req));
        router.head("/containers/{id}/archive", req -> ContainerArchive.head(container(berth, req), req));
        router.get("/containers/{id}/archive", req -> ContainerArchive.get(container(berth, req), req));
        router.put("/containers/{id}/archive", req -> ContainerArchive.put(container(berth, req), req));
    }

    private static Container container(Berth berth, ApiRequest req) throws IOException {
        return ContainerLookup.find(berth, req.param("id"));
    }

    private static ApiResponse inspect(Berth berth, ApiRequest req) throws IOException {
        Container c = container(berth, req);
        ContainerDetails d = c.details();
        return ApiResponse.json(200, ContainerInspection.inspect(d, c.state(), networkFacts(berth, d), ContainerInspection.Extras.NONE));
    }

    /** The gateway and prefix of a bridge container's network. */
    static ContainerInspection.NetworkFacts networkFacts(Berth berth, ContainerDetails d) {
        if (d.network().mode() != NetworkMode.BRIDGE || d.network().network().isEmpty()) {
            return ContainerInspection.NetworkFacts.NONE;
        }
        try {
            return berth.network(d.network().network().get()).map(n -> new ContainerInspection.NetworkFacts(n.gateway(),
                    Integer.parseInt(n.subnet().substring(n.subnet().indexOf('/') + 1)), "")).orElse(ContainerInspection.NetworkFacts.NONE);
        } catch (IOException | RuntimeException e) {
            return ContainerInspection.NetworkFacts.NONE;
        }
    }

    /** {@code DELETE /containers/{id}}: a running container only with {@code force}, which kills it first. */
    private static ApiResponse remove(Berth berth, ApiRequest req) throws IOException {
        Container c = container(berth, req);
        boolean force = req.queryFlag("force", false);
        if (c.isRunning()) {
            if (!force) {
                throw ApiException.conflict("You cannot remove a running container " + c.id()
                        + ". Stop the container before attempting removal or force remove");
            }
            c.kill();
        }
        c.remove();
        return ApiResponse.empty(204);
    }

    /** {@code POST /containers/{id}/kill?signal=}: SIGKILL by default; 409 when it does not run. */
    private static ApiResponse kill(Berth berth, ApiRequest req) throws IOException {
        Container c = container(berth, req);
        String signal = req.query("signal").filter(s -> !s.isEmpty()).orElse("SIGKILL");
        if (!c.isRunning()) {
            throw ApiException.conflict("Cannot kill container: " + req.param("id") + ": Container " + c.id() + " is not running");
        }
        boolean delivered;
        try {
            delivered = c.signal(signal);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid signal: " + signal);
        }
        if (!delivered) {
            throw ApiException.conflict("Cannot kill container: " + req.param("id") + ": Container " + c.id() + " is not running");
        }
        return ApiResponse.empty(204);
    }

    /** {@code POST /containers/{id}/stop?t=}: the stop signal, SIGKILL after {@code t} seconds; 304 when it does not run. */
    private static ApiResponse stop(Berth berth, ApiRequest req) throws IOException {
        Container c = container(berth, req);
        if (!c.isRunning()) {
            throw ApiException.notModified();
        }
        int seconds = req.queryInt("t", req.queryInt("timeout", (int) Container.DEFAULT_STOP_GRACE.toSeconds()));
        c.stop(seconds < 0 ? Duration.ofDays(365) : Duration.ofSeconds(seconds));
        return ApiResponse.empty(204);
    }
}
