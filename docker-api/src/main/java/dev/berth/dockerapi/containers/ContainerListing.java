package dev.berth.dockerapi.containers;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerDetails;
import dev.berth.ContainerState;
import dev.berth.NetworkEndpoint;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.Filters;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /containers/json}: the containers of the home, newest first, as {@code docker ps}
 * lists them, with {@code all}, {@code limit} and the {@code filters} clients send.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerList">ContainerList</a>
 */
final class ContainerListing {
    private static final Set<String> FILTERS = Set.of("id", "name", "label", "label!", "status", "ancestor", "network",
            "before", "since", "exited", "volume", "publish", "expose", "health", "is-task");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

    /** A container with what the filters and the summary read, read once. */
    record Listed(Container container, ContainerDetails details, ContainerState state, List<NetworkEndpoint> networks,
            java.util.Optional<dev.berth.Health> health) {
    }

    private ContainerListing() {
    }

    /**
     * The summaries {@code all}, {@code limit} and {@code filters} select.
     *
     */
    static List<ContainerJson.Summary> list(Berth berth, boolean all, int limit, Filters filters, boolean size) throws IOException {
        List<ContainerJson.Summary> out = list(berth, all, limit, filters);
        if (!size) {
            return out;
        }
        Map<String, ContainerJson.ContainerSize> sizes = sizes(berth);
        return out.stream().map(s -> s.withSize(sizes.getOrDefault(s.id(), ContainerJson.ContainerSize.NONE))).toList();
    }

    /** Each container's {@code SizeRw} and {@code SizeRootFs}, as {@code /system/df} measures them. */
    static Map<String, ContainerJson.ContainerSize> sizes(Berth berth) throws IOException {
        Map<String, ContainerJson.ContainerSize> sizes = new java.util.HashMap<>();
        for (dev.berth.DiskUsage.ContainerUsage u : berth.diskUsage().containers()) {
            sizes.put(u.container().id(), new ContainerJson.ContainerSize(u.sizeRw(), u.sizeRootFs()));
        }
        return sizes;
    }

    static List<ContainerJson.Summary> list(Berth berth, boolean all, int limit, Filters filters) throws IOException {
        for (String name : filters.names()) {
            if (!FILTERS.contains(name)) {
                throw ApiException.badRequest("invalid filter '" + name + "'");
            }
        }
        for (String status : filters.values("status")) {
            if (!STATUSES.contains(status)) {
                throw ApiException.badRequest("invalid filter 'status=" + status + "'");
            }
        }
        List<Listed> listed = new ArrayList<>();
        for (Container c : berth.listContainers()) {
            try {
                listed.add(new Listed(c, c.details(), c.state(), c.networks(), c.health()));
            } catch (RuntimeException e) {
                // removed meanwhile: no longer listed
            }
        }
        listed.sort(Comparator.comparing((Listed l) -> l.details().created()).reversed());
        Instant before = bound(listed, filters.values("before"));
        Instant since = bound(listed, filters.values("since"));
        // As dockerd: a status filter, limit or since/before lists exited containers too.
        boolean everything = all || limit > 0 || filters.has("status") || filters.has("exited") || since != null || before != null;
        Instant now = Instant.now();
        List<ContainerJson.Summary> out = new ArrayList<>();
        for (Listed l : listed) {
            if (!everything && !l.state().running() && !ContainerInspection.status(l.state()).equals("paused")) {
                continue;
            }
            if (!matches(l, filters, before, since)) {
                continue;
            }
            out.add(ContainerInspection.summary(l.details(), l.state(), l.networks(), l.health(), now));
            if (limit > 0 && out.size() == limit) {
                break;
            }
        }
        return out;
    }

    /** The creation time of the container a before/since filter names. */
    private static Instant bound(List<Listed> listed, List<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        String want = names.get(0);
        return listed.stream().filter(l -> l.details().name().equals(want.startsWith("/") ? want.substring(1) : want)
                || l.details().id().startsWith(want)).map(l -> l.details().created()).findFirst()
                .orElseThrow(() -> ApiException.notFound("No such container: " + want));
    }

    static boolean matches(Listed l, Filters f, Instant before, Instant since) {
        ContainerDetails d = l.details();
        if (f.has("id") && f.values("id").stream().noneMatch(d.id()::startsWith)) {
            return false;
        }
        // A name filter is a regular expression matched anywhere in the name, as dockerd's; names start with '/'.
        if (f.has("name") && f.values("name").stream().noneMatch(n -> nameMatches(n, d.name()))) {
            return false;
        }
        if (!f.matchesLabels(d.labels())) {
            return false;
        }
        if (f.has("status") && !f.values("status").contains(ContainerInspection.status(l.state()))) {
            return false;
        }
        if (f.has("exited") && (l.state().running() || !f.values("exited").contains(String.valueOf(l.state().exitCode())))) {
            return false;
        }
        if (f.has("ancestor") && f.values("ancestor").stream().noneMatch(a -> ancestorMatches(a, d))) {
            return false;
        }
        if (f.has("network") && f.values("network").stream().noneMatch(n -> n.equals(ContainerInspection.networkName(d))
                || l.networks().stream().anyMatch(e -> e.network().equals(n) || e.networkId().startsWith(n)))) {
            return false;
        }
        if (f.has("volume") && f.values("volume").stream().noneMatch(v -> d.mounts().stream()
                .anyMatch(m -> v.equals(m.volume()) || v.equals(m.source()) || v.equals(m.destination())))) {
            return false;
        }
        if (f.has("publish") && f.values("publish").stream().noneMatch(p -> d.network().ports().stream()
                .anyMatch(x -> portMatches(p, x.hostPort(), x.protocol())))) {
            return false;
        }
        if (f.has("expose") && f.values("expose").stream().noneMatch(p -> d.network().ports().stream()
                .anyMatch(x -> portMatches(p, x.containerPort(), x.protocol())) || d.exposedPorts().stream()
                .anyMatch(x -> portMatches(p, x, "tcp")))) {
            return false;
        }
        if (f.has("health") && !f.values("health").contains(l.health().map(h -> h.status().apiName()).orElse("none"))) {
            return false;
        }
        if (before != null && !d.created().isBefore(before)) {
            return false;
        }
        return since == null || d.created().isAfter(since);
    }

    private static boolean nameMatches(String pattern, String name) {
        try {
            return java.util.regex.Pattern.compile(pattern).matcher("/" + name).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            throw ApiException.badRequest("invalid filter 'name=" + pattern + "': " + e.getDescription());
        }
    }

    /** An ancestor is the image as written, its name without a tag, or its id (a prefix, with or without sha256:). */
    private static boolean ancestorMatches(String ancestor, ContainerDetails d) {
        String image = d.image();
        if (ancestor.equals(image) || (!ancestor.contains(":") && image.startsWith(ancestor + ":"))) {
            return true;
        }
        String id = d.imageId().startsWith("sha256:") ? d.imageId().substring(7) : d.imageId();
        String want = ancestor.startsWith("sha256:") ? ancestor.substring(7) : ancestor;
        return want.length() >= 4 && id.startsWith(want);
    }

    /** {@code 8080} or {@code 8080/tcp}. */
    private static boolean portMatches(String filter, int port, String protocol) {
        String[] parts = filter.split("/", 2);
        return parts[0].equals(String.valueOf(port)) && (parts.length == 1 || parts[1].equalsIgnoreCase(protocol));
    }
}
