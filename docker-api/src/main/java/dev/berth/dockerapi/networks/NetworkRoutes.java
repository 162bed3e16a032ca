package dev.berth.dockerapi.networks;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerException;
import dev.berth.Network;
import dev.berth.NetworkSpec;
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

/**
 * The networks endpoints of the Docker Engine API
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Network">Network</a>):
 * list with filters, inspect, create, remove, connect, disconnect and prune, on
 * {@link Berth#createNetwork(String, NetworkSpec)} and its kin. Networks are found by full id,
 * name or unique id prefix; Docker's predefined {@code host} and {@code none} are listed too.
 */
public final class NetworkRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.get("/networks", req -> list(berth, req));
        router.get("/networks/{id}", req -> ApiResponse.json(200, inspect(berth, req.param("id"))));
        router.delete("/networks/{id}", req -> remove(berth, req.param("id")));
        router.post("/networks/create", req -> create(berth, req));
        router.post("/networks/{id}/connect", req -> connect(berth, req));
        router.post("/networks/{id}/disconnect", req -> disconnect(berth, req));
        router.post("/networks/prune", req -> prune(berth, req));
    }

    private static ApiResponse list(Berth berth, ApiRequest req) throws IOException {
        return ApiResponse.json(200, listing(berth, req.filters()));
    }

    /** {@code GET /networks}'s answer (the CLI's network ls shares it). */
    public static List<?> listing(Berth berth, Filters f) throws IOException {
        List<NetworkJson> out = new ArrayList<>();
        for (Network n : berth.listNetworks()) {
            NetworkJson j = NetworkJson.of(n, id -> false); // dockerd's list leaves Containers empty
            if (matches(f, j, !n.name().equals(Network.DEFAULT))) {
                out.add(j);
            }
        }
        for (String name : PredefinedNetworks.NAMES) {
            NetworkJson j = NetworkJson.predefined(name);
            if (matches(f, j, false)) {
                out.add(j);
            }
        }
        return out;
    }

    /** dockerd's network list filters: id and name as patterns found in the value, driver, label, scope, type. */
    private static boolean matches(Filters f, NetworkJson n, boolean custom) {
        return f.matchesPattern("id", n.id()) && f.matchesPattern("name", n.name())
                && (!f.has("driver") || f.values("driver").contains(n.driver()))
                && (!f.has("scope") || f.values("scope").contains(n.scope()))
                && (!f.has("type") || f.values("type").contains(custom ? "custom" : "builtin"))
                && f.matchesLabels(n.labels());
    }

    /** {@code GET /networks/{id}}'s answer (the CLI's inspect shares it); a 404 {@link ApiException} for an unknown network. */
    public static Object inspection(Berth berth, String idOrName) throws IOException {
        return inspect(berth, idOrName);
    }

    private static NetworkJson inspect(Berth berth, String idOrName) throws IOException {
        return find(berth, idOrName).map(n -> NetworkJson.of(n, id -> isRunning(berth, id)))
                .or(() -> PredefinedNetworks.find(idOrName).map(NetworkJson::predefined))
                .orElseThrow(() -> ApiException.notFound("network " + idOrName + " not found"));
    }

    /** dockerd's inspect lists the running members only: a stopped one holds no endpoint. */
    private static boolean isRunning(Berth berth, String containerId) {
        try {
            return berth.findContainer(containerId).map(c -> c.isRunning()).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static java.util.Optional<Network> find(Berth berth, String idOrName) throws IOException {
        try {
            return berth.network(idOrName);
        } catch (IllegalArgumentException ambiguous) {
            throw ApiException.badRequest(ambiguous.getMessage());
        }
    }

    private static Network existing(Berth berth, String idOrName) throws IOException {
        if (PredefinedNetworks.find(idOrName).isPresent() && find(berth, idOrName).isEmpty()) {
            String name = PredefinedNetworks.find(idOrName).get();
            throw new ApiException(403, name + " is a pre-defined network and cannot be removed");
        }
        return find(berth, idOrName).orElseThrow(() -> ApiException.notFound("network " + idOrName + " not found"));
    }

    private static ApiResponse remove(Berth berth, String idOrName) throws IOException {
        Network n = existing(berth, idOrName);
        if (n.name().equals(Network.DEFAULT)) {
            throw new ApiException(403, n.name() + " is a pre-defined network and cannot be removed");
        }
        try {
            berth.removeNetwork(n.id());
        } catch (IllegalStateException active) {
            throw new ApiException(403, active.getMessage()); // libnetwork's ActiveEndpointsError is Forbidden
        } catch (IllegalArgumentException gone) {
            throw ApiException.notFound("network " + idOrName + " not found");
        }
        return ApiResponse.empty(204);
    }

    private static ApiResponse create(Berth berth, ApiRequest req) throws IOException {
        NetworkCreateRequest body = req.json(NetworkCreateRequest.class);
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ApiException.badRequest("network name is required");
        }
        if (body.driver() != null && !body.driver().isEmpty() && !body.driver().equals(Network.DRIVER)) {
            throw ApiException.notFound("plugin \"" + body.driver() + "\" not found");
        }
        if (PredefinedNetworks.NAMES.contains(body.name()) || body.name().equals(Network.DEFAULT)) {
            throw new ApiException(403, "operation is not permitted on predefined " + body.name() + " network");
        }
        if (Boolean.TRUE.equals(body.enableIpv6())) {
            throw ApiException.badRequest("IPv6 networks are not supported by Berth");
        }
        String subnet = null;
        if (body.ipam() != null && body.ipam().config() != null && !body.ipam().config().isEmpty()) {
            if (body.ipam().config().size() > 1) {
                throw ApiException.badRequest("a Berth network has one IPv4 subnet, not " + body.ipam().config().size());
            }
            NetworkCreateRequest.IpamConfig c = body.ipam().config().get(0);
            subnet = c.subnet() == null || c.subnet().isEmpty() ? null : c.subnet();
            if (c.gateway() != null && !c.gateway().isEmpty()) {
                checkGateway(subnet, c.gateway());
            }
        }
        NetworkSpec spec = NetworkSpec.defaults().withSubnet(subnet)
                .withLabels(body.labels() == null ? Map.of() : body.labels())
                .withOptions(body.options() == null ? Map.of() : body.options())
                .withInternal(body.internal()).withAttachable(body.attachable());
        Network n;
        try {
            n = berth.createNetwork(body.name(), spec);
        } catch (IllegalStateException exists) {
            throw ApiException.conflict(exists.getMessage());
        } catch (IllegalArgumentException invalid) {
            throw ApiException.badRequest(invalid.getMessage());
        }
        return ApiResponse.json(201, new Created(n.id(), ""));
    }

    /** The gateway Berth gives a subnet is its first address: another one cannot be honoured. */
    private static void checkGateway(String subnet, String gateway) {
        if (subnet == null) {
            throw ApiException.badRequest("a gateway (" + gateway + ") needs a subnet");
        }
        String first;
        try {
            first = NetworkSpec.gatewayOf(subnet);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!first.equals(gateway)) {
            throw ApiException.badRequest("gateway " + gateway + " of subnet " + subnet + " is not supported: Berth's gateway"
                    + " is the subnet's first address, " + first);
        }
    }

    /** The answer to a create: the id, and Docker's (always empty) warning. */
    record Created(@com.fasterxml.jackson.annotation.JsonProperty("Id") String id,
            @com.fasterxml.jackson.annotation.JsonProperty("Warning") String warning) {
    }

    private static Container container(Berth berth, EndpointRequest body) throws IOException {
        if (body == null || body.container() == null || body.container().isEmpty()) {
            throw ApiException.badRequest("no container given");
        }
        String idOrName = body.container().startsWith("/") ? body.container().substring(1) : body.container();
        try {
            return berth.findContainer(idOrName).orElseThrow(() -> ApiException.notFound("No such container: " + idOrName));
        } catch (IllegalArgumentException ambiguous) {
            throw ApiException.badRequest(ambiguous.getMessage());
        }
    }

    private static ApiResponse connect(Berth berth, ApiRequest req) throws IOException {
        EndpointRequest body = req.json(EndpointRequest.class);
        Container c = container(berth, body);
        Network n = existing(berth, req.param("id"));
        List<String> aliases = body.endpointConfig() == null || body.endpointConfig().aliases() == null ? List.of()
                : body.endpointConfig().aliases();
        try {
            c.connect(n.id(), aliases.toArray(String[]::new));
        } catch (ContainerException e) {
            throw fromCause(e);
        }
        return ApiResponse.empty(200);
    }

    private static ApiResponse disconnect(Berth berth, ApiRequest req) throws IOException {
        EndpointRequest body = req.json(EndpointRequest.class);
        Container c = container(berth, body);
        Network n = existing(berth, req.param("id"));
        try {
            c.disconnect(n.id());
        } catch (ContainerException e) {
            throw fromCause(e);
        }
        return ApiResponse.empty(200);
    }

    /** Docker's codes for what connect and disconnect refuse. */
    private static ApiException fromCause(ContainerException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        if (cause instanceof IllegalStateException && message.contains("already exists")) {
            return new ApiException(403, message);
        }
        if (cause instanceof IllegalStateException) {
            return ApiException.badRequest(message);
        }
        if (cause instanceof IllegalArgumentException) {
            return ApiException.badRequest(message);
        }
        return new ApiException(500, e.getMessage(), e);
    }

    private static ApiResponse prune(Berth berth, ApiRequest req) throws IOException {
        Filters f = req.filters();
        java.util.function.Predicate<java.time.Instant> until = PruneUntil.of(f);
        List<String> removed = berth.pruneNetworks(n -> f.matchesLabels(n.labels()) && until.test(n.created()));
        return ApiResponse.json(200, Map.of("NetworksDeleted", removed));
    }
}
