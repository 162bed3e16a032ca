package dev.berth.dockerapi.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.Image;
import dev.berth.ImageHistory;
import dev.berth.dockerapi.http.ApiVersion;
import dev.berth.dockerapi.http.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the images endpoints, with Docker's field names
 * (<a href="https://github.com/moby/moby/blob/master/api/swagger.yaml">swagger.yaml</a>
 * {@code ImageSummary}, {@code ImageInspect}, {@code HistoryResponseItem},
 * {@code ImageDeleteResponseItem}).
 */
final class ImageViews {
    private ImageViews() {
    }

    /** One entry of {@code GET /images/json} (and of {@code /system/df}'s Images). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Summary(@JsonProperty("Id") String id, @JsonProperty("ParentId") String parentId,
            @JsonProperty("RepoTags") List<String> repoTags, @JsonProperty("RepoDigests") List<String> repoDigests,
            @JsonProperty("Created") long created, @JsonProperty("Size") long size,
            @JsonProperty("SharedSize") long sharedSize,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize,
            @JsonProperty("Labels") Map<String, String> labels, @JsonProperty("Containers") long containers) {
        Summary withRepoTags(List<String> tags) {
            return new Summary(id, parentId, tags, repoDigests, created, size, sharedSize, virtualSize, labels, containers);
        }

        Summary withRepoDigests(List<String> digests) {
            return new Summary(id, parentId, repoTags, digests, created, size, sharedSize, virtualSize, labels, containers);
        }
    }

    /** One row of {@code GET /images/json}, with the image's {@code size} as dockerd measures it ({@code Images.size}). */
    static Summary summary(Image image, ApiVersion version, long size, long sharedSize, long containers) {
        List<String> tags = ImageNames.repoTags(image);
        if (tags.isEmpty() && !version.atLeast(1, 44)) {
            tags = List.of("<none>:<none>"); // what older clients expect of an untagged image
        }
        boolean withVirtual = !version.atLeast(1, 44);
        return new Summary(image.id(), "", tags, ImageNames.repoDigests(image), epochSeconds(image), size,
                sharedSize, withVirtual ? size : null, image.labels().isEmpty() ? null : image.labels(), containers);
    }

    /** One line of {@code GET /images/{name}/history}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record HistoryItem(@JsonProperty("Id") String id, @JsonProperty("Created") long created,
            @JsonProperty("CreatedBy") String createdBy, @JsonProperty("Tags") List<String> tags,
            @JsonProperty("Size") long size, @JsonProperty("Comment") String comment) {
    }

    static HistoryItem history(ImageHistory h) {
        List<String> tags = h.tags().stream().map(ImageNames::familiar).toList();
        return new HistoryItem(h.id(), h.created().map(Instant::getEpochSecond).orElse(0L), h.createdBy(),
                tags.isEmpty() ? null : tags, h.size(), h.comment());
    }

    /** {@code {"Untagged": ...}} or {@code {"Deleted": ...}}. */
    record Deleted(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
        static Deleted untag(String reference) {
            return new Deleted(ImageNames.familiar(reference), null);
        }

        static Deleted delete(String id) {
            return new Deleted(null, id);
        }
    }

    /** {@code GET /images/{name}/json}: built from the image's own config JSON, with Docker's defaults filled in. */
    static Map<String, Object> inspect(Image image, long size, List<java.nio.file.Path> layerDirectories, ApiVersion version) {
        ObjectNode raw = readConfig(image);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", image.id());
        out.put("RepoTags", ImageNames.repoTags(image));
        out.put("RepoDigests", ImageNames.repoDigests(image));
        out.put("Parent", "");
        out.put("Comment", text(raw, "comment"));
        out.put("Created", image.created().map(Instant::toString).orElse("0001-01-01T00:00:00Z"));
        out.put("Container", "");
        ObjectNode config = containerConfig(raw.get("config"));
        // dockerd copies the config of the container the image was made in, which docker-built images record.
        out.put("ContainerConfig", containerConfig(raw.get("container_config")));
        out.put("DockerVersion", text(raw, "docker_version"));
        out.put("Author", image.author().orElse(""));
        out.put("Config", config);
        out.put("Architecture", text(raw, "architecture"));
        if (raw.hasNonNull("variant")) {
            out.put("Variant", raw.get("variant").asText());
        }
        out.put("Os", text(raw, "os"));
        out.put("Size", size);
        if (!version.atLeast(1, 44)) {
            out.put("VirtualSize", size);
        }
        out.put("GraphDriver", Map.of("Name", "overlay2", "Data", graphDriverData(layerDirectories)));
        out.put("RootFS", Map.of("Type", "layers", "Layers", image.diffIds()));
        out.put("Metadata", Map.of("LastTagTime", "0001-01-01T00:00:00Z"));
        return out;
    }

    /**
     * dockerd's overlay2 keys for an image: its top layer as UpperDir, the others as LowerDir
     * (top first, ':'-separated); Berth has no merged or work directory for an image's layers.
     */
    private static Map<String, String> graphDriverData(List<java.nio.file.Path> layerDirectories) {
        Map<String, String> data = new LinkedHashMap<>();
        if (!layerDirectories.isEmpty()) {
            if (layerDirectories.size() > 1) {
                data.put("LowerDir", String.join(":", layerDirectories.subList(1, layerDirectories.size()).stream()
                        .map(java.nio.file.Path::toString).toList()));
            }
            data.put("UpperDir", layerDirectories.get(0).toString());
        }
        return data;
    }

    /** A container config object as Docker prints it for images: every field present. */
    private static ObjectNode containerConfig(JsonNode imageConfig) {
        ObjectNode c = JsonCodec.MAPPER.createObjectNode();
        c.put("Hostname", "");
        c.put("Domainname", "");
        c.put("User", "");
        c.put("AttachStdin", false);
        c.put("AttachStdout", false);
        c.put("AttachStderr", false);
        c.put("Tty", false);
        c.put("OpenStdin", false);
        c.put("StdinOnce", false);
        c.putNull("Env");
        c.putNull("Cmd");
        c.put("Image", "");
        c.putNull("Volumes");
        c.put("WorkingDir", "");
        c.putNull("Entrypoint");
        c.putNull("OnBuild");
        c.putNull("Labels");
        if (imageConfig != null && imageConfig.isObject()) {
            imageConfig.fields().forEachRemaining(e -> c.set(e.getKey(), e.getValue()));
        }
        return c;
    }

    private static ObjectNode readConfig(Image image) {
        try {
            return (ObjectNode) JsonCodec.MAPPER.readTree(image.configJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static long epochSeconds(Image image) {
        return image.created().map(Instant::getEpochSecond).orElse(0L);
    }
}
