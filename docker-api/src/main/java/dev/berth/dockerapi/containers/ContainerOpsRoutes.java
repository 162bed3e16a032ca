package dev.berth.dockerapi.containers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerProcesses;
import dev.berth.FileChange;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What is done to a running container besides its life: {@code POST /containers/{id}/pause} and
 * {@code /unpause} (the cgroup freezer), {@code GET /containers/{id}/top} and
 * {@code GET /containers/{id}/changes}.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container">Container</a>
 */
public final class ContainerOpsRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.post("/containers/{id}/pause", r -> {
            Container c = container(berth, r);
            conflictUnless(c, () -> c.pause());
            return ApiResponse.empty(204);
        });
        router.post("/containers/{id}/unpause", r -> {
            Container c = container(berth, r);
            conflictUnless(c, () -> c.unpause());
            return ApiResponse.empty(204);
        });
        router.get("/containers/{id}/top", r -> {
            Container c = container(berth, r);
            String psArgs = r.query("ps_args").orElse("");
            ContainerProcesses[] top = new ContainerProcesses[1];
            conflictUnless(c, () -> top[0] = c.top(psArgs));
            return ApiResponse.json(200, new Top(top[0].titles(), top[0].processes()));
        });
        router.get("/containers/{id}/changes", r -> {
            List<Change> changes = container(berth, r).changes().stream().map(Change::of).toList();
            // dockerd answers null, not [], when the container changed nothing.
            return changes.isEmpty() ? ApiResponse.bytes(200, "application/json", "null\n".getBytes(StandardCharsets.UTF_8))
                    : ApiResponse.json(200, changes);
        });
    }

    /** {@code GET /containers/{id}/top}'s answer. */
    record Top(@JsonProperty("Titles") List<String> titles, @JsonProperty("Processes") List<List<String>> processes) {
    }

    /** One of {@code GET /containers/{id}/changes}: Kind 0 modified, 1 added, 2 deleted. */
    record Change(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {
        static Change of(FileChange c) {
            return new Change(c.path(), c.kind().code());
        }
    }

    private static Container container(Berth berth, ApiRequest r) throws IOException {
        return ContainerLookup.find(berth, r.param("id"));
    }

    /** Runs {@code action}; a state that forbids it (not running, paused, not paused) is a 409, as dockerd's. */
    private static void conflictUnless(Container c, Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException e) {
            // Docker's wording: "Container NAME is not running" and the like.
            String m = e.getMessage();
            throw ApiException.conflict(m.startsWith("container ") ? "Container " + m.substring("container ".length()) : m);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
