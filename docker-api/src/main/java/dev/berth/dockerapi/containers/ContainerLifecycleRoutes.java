package dev.berth.dockerapi.containers;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerAttach;
import dev.berth.ContainerNameConflictException;
import dev.berth.ContainerWait;
import dev.berth.WaitCondition;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The container lifecycle endpoints of the Docker Engine API
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container">Container</a>):
 * {@code POST /containers/{id}/start}, {@code /restart}, {@code /wait}, {@code /rename},
 * {@code /resize} and the hijacked {@code /attach} ({@link ContainerAttachStream}). The engine work is
 * {@link Container#start()}, {@link Container#restart}, {@link Container#waiter(WaitCondition)},
 * {@link Container#rename}, {@link Container#resizeTerminal} and {@link Container#attach}.
 */
public final class ContainerLifecycleRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.post("/containers/{id}/start", req -> start(berth, req));
        router.post("/containers/{id}/restart", req -> restart(berth, req));
        router.post("/containers/{id}/wait", req -> waitFor(berth, req));
        router.post("/containers/{id}/rename", req -> rename(berth, req));
        router.post("/containers/{id}/attach", req -> ContainerAttachStream.response(req, find(berth, req)));
        router.post("/containers/{id}/resize", req -> resize(berth, req));
    }

    /** 204 once launched, 304 when it runs already. */
    private static ApiResponse start(Berth berth, ApiRequest req) throws IOException {
        Container c = find(berth, req);
        boolean started;
        try {
            started = c.start();
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        if (!started) {
            throw ApiException.notModified();
        }
        return ApiResponse.empty(204);
    }

    /** Stops it (after {@code t} seconds of grace, default 10) and starts it again. */
    private static ApiResponse restart(Berth berth, ApiRequest req) throws IOException {
        Container c = find(berth, req);
        int t = req.queryInt("t", (int) Container.DEFAULT_STOP_GRACE.toSeconds());
        try {
            c.restart(t < 0 ? Duration.ofDays(365) : Duration.ofSeconds(t)); // -1: wait as long as it takes, as Docker
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return ApiResponse.empty(204);
    }

    /** Blocks until the condition holds; {@code {"StatusCode": N}}. */
    private static ApiResponse waitFor(Berth berth, ApiRequest req) throws IOException {
        Container c = find(berth, req);
        WaitCondition condition;
        try {
            condition = WaitCondition.parse(req.query("condition").orElse(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        // What next-exit waits for is fixed before the head goes out: the docker CLI's run sends
        // its start once it has the head, and the run that start launches is the one to wait for.
        ContainerWait waiter = c.waiter(condition);
        return ApiResponse.stream(200, "application/json", out -> {
            out.flush();
            OptionalInt code = OptionalInt.empty();
            // In slices, so that a client that hangs up releases the worker.
            while (code.isEmpty()) {
                if (!req.clientConnected()) {
                    return;
                }
                code = waiter.await(Duration.ofSeconds(1));
            }
            out.write(JsonCodec.MAPPER.writeValueAsBytes(new WaitResponse(code.getAsInt(), null)));
            out.write('\n');
        });
    }

    /** The console size of a container with a TTY ({@code h} rows, {@code w} columns): 200. */
    private static ApiResponse resize(Berth berth, ApiRequest req) throws IOException {
        Container c = find(berth, req);
        try {
            c.resizeTerminal(req.queryInt("h", 0), req.queryInt("w", 0));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return ApiResponse.empty(200);
    }

    /** 204; 409 when the name is taken, 400 when it is not a name. */
    private static ApiResponse rename(Berth berth, ApiRequest req) throws IOException {
        Container c = find(berth, req);
        String name = req.query("name").filter(n -> !n.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("Error when allocating new name: no name given (query parameter name)"));
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        try {
            c.rename(name);
        } catch (ContainerNameConflictException e) {
            throw ApiException.conflict("Conflict. The container name \"/" + e.name() + "\" is already in use by container \""
                    + e.holderId() + "\". You have to remove (or rename) that container to be able to reuse that name.");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Error when allocating new name: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return ApiResponse.empty(204);
    }

    private static Container find(Berth berth, ApiRequest req) throws IOException {
        return ContainerLookup.find(berth, req.param("id"));
    }

    /**
     * The body of a wait's answer, as dockerd's {@code ContainerWaitResponse}.
     *
     * @param statusCode the exit code
     * @param error why waiting failed, or null
     */
    record WaitResponse(@com.fasterxml.jackson.annotation.JsonProperty("StatusCode") int statusCode,
            @com.fasterxml.jackson.annotation.JsonProperty("Error") Map<String, String> error) {
    }
}
