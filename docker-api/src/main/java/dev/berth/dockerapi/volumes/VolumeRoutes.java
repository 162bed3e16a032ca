package dev.berth.dockerapi.volumes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Berth;
import dev.berth.Volume;
import dev.berth.Volumes;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Filters;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The volumes endpoints of the Docker Engine API
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Volume">Volume</a>):
 * list with filters, create, inspect, remove and prune, on {@link Berth#volumes()}. Only the
 * {@code local} driver exists, without options: a volume is a directory of the Berth home.
 */
public final class VolumeRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.get("/volumes", req -> list(berth, req));
        router.post("/volumes/create", req -> create(berth, req));
        router.post("/volumes/prune", req -> prune(berth, req));
        router.get("/volumes/{name}", req -> ApiResponse.json(200, VolumeJson.of(find(berth, req.param("name")))));
        router.delete("/volumes/{name}", req -> remove(berth, req));
    }

    /** The list answer; {@code Warnings} is null, as dockerd sends it. */
    record VolumeList(@JsonProperty("Volumes") List<VolumeJson> volumes,
            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("Warnings") List<String> warnings) {
    }

    /** The prune answer. */
    record Pruned(@JsonProperty("VolumesDeleted") List<String> volumesDeleted,
            @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
    }

    private static Volume find(Berth berth, String name) throws IOException {
        return berth.volumes().find(name).orElseThrow(() -> ApiException.notFound("get " + name + ": no such volume"));
    }

    private static ApiResponse list(Berth berth, ApiRequest req) throws IOException {
        @SuppressWarnings("unchecked")
        List<VolumeJson> volumes = (List<VolumeJson>) listing(berth, req.filters());
        return ApiResponse.json(200, new VolumeList(volumes, null));
    }

    /** {@code GET /volumes}'s {@code Volumes} (the CLI's volume ls shares it). */
    public static List<?> listing(Berth berth, Filters f) throws IOException {
        Volumes volumes = berth.volumes();
        List<VolumeJson> out = new ArrayList<>();
        for (Volume v : volumes.list()) {
            if (f.matchesPattern("name", v.name()) && f.matchesLabels(v.labels())
                    && (!f.has("driver") || f.values("driver").contains(Volume.DRIVER))
                    && f.bool("dangling").map(d -> d == isUnused(volumes, v)).orElse(true)) {
                out.add(VolumeJson.of(v));
            }
        }
        return out;
    }

    /** {@code GET /volumes/{name}}'s answer (the CLI's inspect shares it); a 404 {@link ApiException} for an unknown volume. */
    public static Object inspection(Berth berth, String name) throws IOException {
        return VolumeJson.of(find(berth, name));
    }

    private static boolean isUnused(Volumes volumes, Volume v) {
        try {
            return volumes.usedBy(v.name()).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ApiResponse create(Berth berth, ApiRequest req) throws IOException {
        VolumeCreateRequest body = req.json(VolumeCreateRequest.class);
        if (body == null) {
            body = new VolumeCreateRequest(null, null, null, null);
        }
        if (body.driver() != null && !body.driver().isEmpty() && !body.driver().equals(Volume.DRIVER)) {
            throw ApiException.notFound("create " + body.name() + ": error looking up volume plugin " + body.driver()
                    + ": plugin \"" + body.driver() + "\" not found");
        }
        if (body.driverOpts() != null && !body.driverOpts().isEmpty()) {
            throw ApiException.badRequest("volume driver options " + body.driverOpts().keySet() + " are not supported:"
                    + " a Berth volume is a directory of its home");
        }
        try {
            Volume v = berth.volumes().create(body.name(), body.labels() == null ? Map.of() : body.labels(), Map.of());
            return ApiResponse.json(201, VolumeJson.of(v));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static ApiResponse remove(Berth berth, ApiRequest req) throws IOException {
        String name = req.param("name");
        boolean force = req.queryFlag("force", false);
        try {
            if (!berth.volumes().remove(name, force) && !force) {
                throw ApiException.notFound("get " + name + ": no such volume");
            }
        } catch (IllegalStateException inUse) {
            // dockerd's wording; its force does not remove a volume in use either
            throw ApiException.conflict("remove " + name + ": volume is in use - " + berth.volumes().usedBy(name));
        }
        return ApiResponse.empty(204);
    }

    /**
     * Removes the unused volumes the label filters select; from API 1.42 on, only anonymous ones
     * unless the {@code all} filter is true, as dockerd 23 and later.
     */
    private static ApiResponse prune(Berth berth, ApiRequest req) throws IOException {
        Filters f = req.filters();
        boolean all = !req.apiVersion().atLeast(1, 42) || f.bool("all").orElse(false);
        Predicate<Volume> which = v -> (all || v.anonymous()) && f.matchesLabels(v.labels());
        Volumes.Pruned pruned = berth.volumes().prune(which);
        return ApiResponse.json(200, new Pruned(pruned.names(), pruned.bytesFreed()));
    }
}
