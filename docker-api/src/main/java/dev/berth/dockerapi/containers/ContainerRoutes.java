package dev.berth.dockerapi.containers;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerDetails;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The containers endpoints of the Docker Engine API but start, attach, wait, rename and restart
 * ({@link ContainerLifecycleRoutes}) and pause, top, changes: create, list, inspect, remove,
 * kill, stop, logs, archive and stats.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container">Container</a>
 */
public final class ContainerRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.post("/containers/create", req -> ContainerCreation.create(berth, req));
        router.get("/containers/json", req -> ApiResponse.json(200, ContainerListing.list(berth, req.queryFlag("all", false),
                req.queryInt("limit", -1), req.filters(), req.queryFlag("size", false))));
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
        return ApiResponse.json(200, inspection(berth, container(berth, req), req.queryFlag("size", false)));
    }

    /** {@code GET /containers/{id}/json}'s answer for {@code c}, with its sizes when asked (the CLI's inspect shares it). */
    public static Object inspection(Berth berth, Container c, boolean size) throws IOException {
        ContainerDetails d = c.details();
        ContainerInspection.Extras extras = new ContainerInspection.Extras(c.restartPolicy().toString(), c.restartCount(),
                c.health().map(ContainerInspection::health).orElse(null), List.of(), imageDefaults(berth, d), c.directory(),
                c.attachStreams(), c.stdinOnce());
        ContainerJson.Inspect inspect = ContainerInspection.inspect(d, c.state(), c.networks(), extras);
        if (size) {
            inspect = inspect.withSize(ContainerListing.sizes(berth).getOrDefault(c.id(), ContainerJson.ContainerSize.NONE));
        }
        return inspect;
    }

    /** {@code GET /containers/{id}/stats?stream=false}'s answer for each container, one second apart (the CLI's stats shares it). */
    public static List<?> statsSamples(List<Container> containers) throws InterruptedException {
        return ContainerStatsStream.samples(containers);
    }

    /** {@code GET /containers/json}'s answer (the CLI's ps shares it); bad filters are a 400 {@link ApiException}. */
    public static List<?> listing(Berth berth, boolean all, dev.berth.dockerapi.http.Filters filters, boolean size) throws IOException {
        return ContainerListing.list(berth, all, -1, filters, size);
    }

    /** What the container's image sets; nothing when the image has left the store. */
    static ContainerInspection.ImageDefaults imageDefaults(Berth berth, ContainerDetails d) {
        try {
            return ContainerInspection.ImageDefaults.of(berth.image(d.imageId()));
        } catch (IOException | RuntimeException gone) {
            return ContainerInspection.ImageDefaults.NONE;
        }
    }

    /**
     * {@code DELETE /containers/{id}}: a running container only with {@code force}, which kills it
     * first; with {@code v}, the anonymous volumes made for it go too.
     */
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
        List<String> anonymous = req.queryFlag("v", false) ? c.details().mounts().stream()
                .map(ContainerDetails.Mount::volume).filter(v -> v != null && ContainerCreation.isAnonymousVolumeName(v)).toList() : List.of();
        c.remove();
        for (String volume : anonymous) {
            try {
                berth.volumes().remove(volume, false); // rm -v: the anonymous volumes go with it; named ones stay
            } catch (IllegalStateException inUse) {
                // another container mounts it too: it stays, as with dockerd
            }
        }
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
