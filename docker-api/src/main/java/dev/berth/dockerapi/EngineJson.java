package dev.berth.dockerapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.dockerapi.containers.ContainerRoutes;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.Filters;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.images.ImageRoutes;
import dev.berth.dockerapi.networks.NetworkRoutes;
import dev.berth.dockerapi.volumes.VolumeRoutes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Engine API answers, without HTTP: the list and inspect JSON of containers, images,
 * networks and volumes, with dockerd's field names and filters, for the {@code berth} CLI to
 * print as docker's CLI prints the same answers. Filters are given as the CLI's
 * {@code --filter name=value} flags collect them; a bad one is an {@link IllegalArgumentException}
 * with dockerd's message.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/">Docker Engine API</a>
 */
public final class EngineJson {
    private EngineJson() {
    }

    /** {@code GET /containers/json}: newest first; {@code size} fills SizeRw and SizeRootFs. */
    public static JsonNode containers(Berth berth, boolean all, Map<String, List<String>> filters, boolean size) throws IOException {
        return answer(() -> ContainerRoutes.listing(berth, all, Filters.of(filters), size));
    }

    /** {@code GET /containers/{id}/json}. */
    public static JsonNode container(Berth berth, Container c, boolean size) throws IOException {
        return answer(() -> ContainerRoutes.inspection(berth, c, size));
    }

    /**
     * {@code GET /containers/{id}/stats?stream=false} of each container: one sample, its
     * {@code precpu_stats} a second older (one wait for all of them).
     */
    public static List<JsonNode> stats(List<Container> containers) throws IOException, InterruptedException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (Object sample : ContainerRoutes.statsSamples(containers)) {
            out.add(JsonCodec.MAPPER.valueToTree(sample));
        }
        return out;
    }

    /** {@code GET /images/json}: newest first. */
    public static JsonNode images(Berth berth, Map<String, List<String>> filters) throws IOException {
        return answer(() -> ImageRoutes.listing(berth, Filters.of(filters)));
    }

    /** {@code GET /images/{name}/json}; empty for an image that is not there. */
    public static Optional<JsonNode> image(Berth berth, String name) throws IOException {
        return found(() -> ImageRoutes.inspection(berth, name));
    }

    /** {@code GET /networks}. */
    public static JsonNode networks(Berth berth, Map<String, List<String>> filters) throws IOException {
        return answer(() -> NetworkRoutes.listing(berth, Filters.of(filters)));
    }

    /** {@code GET /networks/{id}}; empty for a network that is not there. */
    public static Optional<JsonNode> network(Berth berth, String idOrName) throws IOException {
        return found(() -> NetworkRoutes.inspection(berth, idOrName));
    }

    /** {@code GET /volumes}' {@code Volumes}. */
    public static JsonNode volumes(Berth berth, Map<String, List<String>> filters) throws IOException {
        return answer(() -> VolumeRoutes.listing(berth, Filters.of(filters)));
    }

    /** {@code GET /volumes/{name}}; empty for a volume that is not there. */
    public static Optional<JsonNode> volume(Berth berth, String name) throws IOException {
        return found(() -> VolumeRoutes.inspection(berth, name));
    }

    /** {@code GET /version}: what {@code berth serve} answers docker's {@code version} with. */
    public static JsonNode version() throws IOException {
        return answer(dev.berth.dockerapi.system.SystemRoutes::version);
    }

    /** {@code GET /info}: what {@code berth serve} answers docker's {@code info} with. */
    public static JsonNode info(Berth berth) throws IOException {
        try {
            return JsonCodec.MAPPER.valueToTree(dev.berth.dockerapi.system.SystemRoutes.info(berth));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** One event as {@code GET /events} streams it. */
    public static JsonNode event(dev.berth.Event e) {
        return JsonCodec.MAPPER.valueToTree(dev.berth.dockerapi.events.EventRoutes.message(e));
    }

    private interface Call {
        Object get() throws IOException;
    }

    private static JsonNode answer(Call call) throws IOException {
        try {
            return JsonCodec.MAPPER.valueToTree(call.get());
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Optional<JsonNode> found(Call call) throws IOException {
        try {
            return Optional.of(JsonCodec.MAPPER.valueToTree(call.get()));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
