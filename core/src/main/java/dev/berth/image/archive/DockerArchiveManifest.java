package dev.berth.image.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.oci.ImageFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code manifest.json} of a docker-archive: one entry per image, naming its config file, its
 * tags and its layer files in order (moby's {@code image/tarexport}).
 */
final class DockerArchiveManifest {
    static final ObjectMapper JSON = dev.berth.json.Json.mapper();

    /** One image: {@code Config}, {@code RepoTags} (may be empty), {@code Layers}. */
    record Entry(String config, List<String> repoTags, List<String> layers) {
    }

    private DockerArchiveManifest() {
    }

    static List<Entry> parse(byte[] bytes, String source) throws ImageFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ImageFormatException(source + " is not valid JSON: " + detail, e);
        }
        if (root == null || !root.isArray()) {
            throw new ImageFormatException(source + " must be a JSON array of images");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            String at = source + " $[" + i + "]";
            if (!item.isObject()) {
                throw new ImageFormatException(at + ": must be an object");
            }
            JsonNode config = item.get("Config");
            if (config == null || !config.isTextual()) {
                throw new ImageFormatException(at + ".Config: required string is missing");
            }
            entries.add(new Entry(config.textValue(), strings(item, "RepoTags", at, false),
                    strings(item, "Layers", at, true)));
        }
        return entries;
    }

    private static List<String> strings(JsonNode item, String field, String at, boolean required)
            throws ImageFormatException {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ImageFormatException(at + "." + field + ": required array is missing");
            }
            return List.of();
        }
        if (!value.isArray()) {
            throw new ImageFormatException(at + "." + field + ": must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : value) {
            if (!s.isTextual()) {
                throw new ImageFormatException(at + "." + field + ": must be an array of strings, has " + s);
            }
            out.add(s.textValue());
        }
        return out;
    }

    static byte[] write(List<Entry> entries) throws JsonProcessingException {
        ArrayNode root = JSON.createArrayNode();
        for (Entry e : entries) {
            ObjectNode item = root.addObject();
            item.put("Config", e.config());
            if (e.repoTags().isEmpty()) {
                item.putNull("RepoTags");
            } else {
                e.repoTags().forEach(item.putArray("RepoTags")::add);
            }
            e.layers().forEach(item.putArray("Layers")::add);
        }
        return JSON.writeValueAsBytes(root);
    }

    /** The legacy {@code repositories} file: name → tag → top layer id. */
    static byte[] repositories(Map<String, Map<String, String>> repositories) throws JsonProcessingException {
        Map<String, Map<String, String>> sorted = new TreeMap<>();
        repositories.forEach((name, tags) -> sorted.put(name, new TreeMap<>(tags)));
        return JSON.writeValueAsBytes(sorted);
    }
}
