package dev.berth.dockerapi.images;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.Berth;
import dev.berth.BuildException;
import dev.berth.BuildListener;
import dev.berth.CommitOptions;
import dev.berth.Container;
import dev.berth.ContainerException;
import dev.berth.Image;
import dev.berth.ImageBuilder;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /build} (a tar context with its Dockerfile, build args, target, labels and tags,
 * answered with the classic builder's JSON progress) and {@code POST /commit}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageBuild">ImageBuild</a>,
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageCommit">ImageCommit</a>).
 */
public final class BuildRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.post("/build", r -> build(berth, r));
        router.post("/commit", r -> commit(berth, r));
    }

    private static ApiResponse build(Berth berth, ApiRequest r) {
        List<String> tags = new ArrayList<>();
        for (String t : r.queryAll("t")) {
            if (!t.isEmpty()) {
                tags.add(ImageNames.reference(t, null));
            }
        }
        Map<String, String> buildArgs = jsonMap(r, "buildargs");
        Map<String, String> labels = jsonMap(r, "labels");
        boolean quiet = r.queryFlag("q", false);
        // rm and forcerm ask to remove the classic builder's intermediate containers; Berth's build runs
        // each RUN in a container of its own that is gone when the step ends, so there is none to keep or remove.
        java.util.Map<String, dev.berth.RegistryAuth> auths = RegistryAuthHeader.parseConfig(r.header("X-Registry-Config"));
        ImageBuilder builder;
        try {
            builder = berth.imageBuilder().fromContextArchive(r.body(), r.query("dockerfile").orElse(null));
        } catch (BuildException | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        buildArgs.forEach(builder::buildArg);
        builder.labels(labels);
        r.query("target").filter(t -> !t.isEmpty()).ifPresent(builder::target);
        // RUN's network (docker build --network): default, bridge, none or host; a named network is refused
        String networkMode = r.query("networkmode").filter(m -> !m.isEmpty()).orElse("default");
        try {
            builder.network(networkMode);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        builder.noCache(r.queryFlag("nocache", false)).pullBases(r.queryFlag("pull", false));
        auths.forEach(builder::registryAuth);
        return ApiResponse.stream(200, "application/json", out -> {
            JsonProgress progress = new JsonProgress(out);
            if (!quiet) {
                builder.listener(new ProgressListener(progress));
            }
            Image image;
            try {
                image = tags.isEmpty() ? builder.build() : builder.build(tags.get(0));
                for (String extra : tags.subList(Math.min(1, tags.size()), tags.size())) {
                    berth.tag(image, extra);
                }
            } catch (RuntimeException | IOException e) {
                progress.error(e.getMessage());
                return;
            }
            progress.aux(Map.of("ID", image.id()));
            if (quiet) {
                progress.stream(image.id() + "\n");
                return;
            }
            progress.stream("Successfully built " + ImageNames.shortId(image.id()) + "\n");
            for (String tag : tags) {
                progress.stream("Successfully tagged " + ImageNames.familiar(tag) + "\n");
            }
        });
    }

    /** The classic builder's lines: "Step n/m : INSTRUCTION", the commands' output, " ---> Using cache". */
    private record ProgressListener(JsonProgress progress) implements BuildListener {
        @Override
        public void stepStarted(int number, int total, String instruction) {
            // An unnamed stage is named by its index inside the engine; Docker shows the FROM as written.
            String shown = instruction.startsWith("FROM ") ? instruction.replaceFirst(" AS \\d+$", "") : instruction;
            progress.stream("Step " + number + "/" + total + " : " + shown + "\n");
        }

        @Override
        public void stepCached(int number, int total, String instruction) {
            progress.stream(" ---> Using cache\n");
        }

        @Override
        public void output(int number, String line) {
            progress.stream(line + "\n");
        }

        /** A failed build check or a step's warning, as the classic builder streams its warnings. */
        @Override
        public void warning(int number, String message) {
            progress.stream("[WARNING]: " + message + "\n");
        }
    }

    private static Map<String, String> jsonMap(ApiRequest r, String param) {
        String json = r.query(param).orElse("");
        if (json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> parsed = JsonCodec.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
            Map<String, String> out = new LinkedHashMap<>();
            parsed.forEach((k, v) -> {
                if (v != null) { // a null build arg takes its value from the client's environment, which it has filled in
                    out.put(k, v);
                }
            });
            return out;
        } catch (IOException e) {
            throw ApiException.badRequest("invalid " + param + " '" + json + "': " + e.getMessage());
        }
    }

    private static ApiResponse commit(Berth berth, ApiRequest r) throws IOException {
        String name = r.query("container").filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("container must be given"));
        Container container = berth.findContainer(name).orElseThrow(() -> ApiException.notFound("No such container: " + name));
        CommitOptions options = CommitOptions.create().author(r.query("author").orElse(null))
                .comment(r.query("comment").orElse(null)).pause(r.queryFlag("pause", true));
        String repo = r.query("repo").orElse("");
        if (!repo.isEmpty()) {
            options.reference(ImageNames.repoAndTag(repo, r.query("tag").orElse(null)));
        }
        for (String change : r.queryAll("changes")) {
            for (String line : change.split("\n")) {
                if (!line.isBlank()) {
                    options.change(line.strip());
                }
            }
        }
        JsonNode body = r.json(JsonNode.class);
        if (body != null && body.isObject()) {
            mergeConfig(options, body);
        }
        Image image;
        try {
            image = container.commit(options);
        } catch (ContainerException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw ApiException.badRequest(bad.getMessage());
            }
            throw e;
        }
        return ApiResponse.json(201, Map.of("Id", image.id()));
    }

    /** The body's container config fields, as docker commit merges them over the container's. */
    private static void mergeConfig(CommitOptions options, JsonNode c) {
        options.cmd(strings(c.get("Cmd"))).entrypoint(strings(c.get("Entrypoint"))).env(strings(c.get("Env")))
                .workingDir(text(c, "WorkingDir")).user(text(c, "User")).stopSignal(text(c, "StopSignal"))
                .exposedPorts(keys(c.get("ExposedPorts"))).volumes(keys(c.get("Volumes")));
        JsonNode labels = c.get("Labels");
        if (labels != null && labels.isObject()) {
            Map<String, String> l = new LinkedHashMap<>();
            labels.fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
            options.labels(l);
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node != null && node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
