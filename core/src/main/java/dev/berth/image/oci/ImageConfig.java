package dev.berth.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An image configuration, as
 * <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">config.md</a> defines it (and
 * Docker's {@code application/vnd.docker.container.image.v1+json}, which is the same document). Fields the
 * model does not know (Docker's {@code container_config}, {@code Hostname}, …) are kept and written back
 * unchanged, as the spec asks.
 */
public final class ImageConfig {
    private static final Set<String> FIELDS = Set.of("created", "author", "architecture", "os", "os.version",
            "os.features", "variant", "config", "rootfs", "history");

    private final Instant created;
    private final String author;
    private final Platform platform;
    private final RuntimeConfig config;
    private final RootFs rootfs;
    private final List<History> history;
    /** The document this config was read from; its unknown fields are carried into {@link #toJson()}. */
    private final ObjectNode original;

    private ImageConfig(Instant created, String author, Platform platform, RuntimeConfig config, RootFs rootfs,
            List<History> history, ObjectNode original) {
        this.created = created;
        this.author = author;
        this.platform = Objects.requireNonNull(platform, "platform");
        this.config = config;
        this.rootfs = Objects.requireNonNull(rootfs, "rootfs");
        this.history = history == null ? null : List.copyOf(history);
        this.original = original;
    }

    /** A config for {@code platform} with {@code rootfs} and nothing else. */
    public static ImageConfig of(Platform platform, RootFs rootfs) {
        return new ImageConfig(null, null, platform, null, rootfs, null, Json.newObject());
    }

    /**
     * Parses and validates a config.
     *
     * @param source names the document in errors
     * @throws ImageFormatException if it is not JSON or breaks a rule of the spec (e.g. an Env entry without {@code =})
     */
    public static Document<ImageConfig> parse(byte[] bytes, String source, String mediaType) throws ImageFormatException {
        return new Document<>(Json.parse(bytes, source, ImageConfig::read), bytes, mediaType);
    }

    /** {@link #parse(byte[], String, String)} as {@link MediaType#OCI_CONFIG}. */
    public static Document<ImageConfig> parse(byte[] bytes, String source) throws ImageFormatException {
        return parse(bytes, source, MediaType.OCI_CONFIG);
    }

    static ImageConfig read(JsonObject json) {
        Platform platform = new Platform(json.requiredString("architecture"), json.requiredString("os"),
                json.string("os.version"), json.strings("os.features", false), json.string("variant"), null);
        JsonObject config = json.object("config");
        List<JsonObject> history = json.objects("history", false);
        return new ImageConfig(Timestamps.read(json, "created"), json.string("author"), platform,
                config == null ? null : RuntimeConfig.read(config), RootFs.read(json.requiredObject("rootfs")),
                history == null ? null : history.stream().map(History::read).toList(), json.node().deepCopy());
    }

    public Instant created() {
        return created;
    }

    public String author() {
        return author;
    }

    /** The os, architecture, variant, os.version and os.features. */
    public Platform platform() {
        return platform;
    }

    /** The runtime defaults, or null when the config has none. */
    public RuntimeConfig config() {
        return config;
    }

    public RootFs rootfs() {
        return rootfs;
    }

    /** The history, or null when the config has none. */
    public List<History> history() {
        return history;
    }

    public ImageConfig withConfig(RuntimeConfig config) {
        return new ImageConfig(created, author, platform, config, rootfs, history, original);
    }

    public ImageConfig withRootFs(RootFs rootfs) {
        return new ImageConfig(created, author, platform, config, rootfs, history, original);
    }

    public ImageConfig withHistory(List<History> history) {
        return new ImageConfig(created, author, platform, config, rootfs, history, original);
    }

    public ImageConfig withCreated(Instant created, String author) {
        return new ImageConfig(created, author, platform, config, rootfs, history, original);
    }

    /** Deterministic JSON: the modelled fields first, then the unknown ones in their original order. */
    public byte[] toJson() {
        JsonOutput out = JsonOutput.object()
                .put("created", created == null ? null : created.toString()).put("author", author)
                .put("architecture", platform.architecture()).put("os", platform.os())
                .put("os.version", platform.osVersion()).putStrings("os.features", platform.osFeatures())
                .put("variant", platform.variant());
        if (config != null) {
            JsonOutput runtime = JsonOutput.object();
            config.writeTo(runtime);
            JsonNode originalConfig = original.get("config");
            if (originalConfig != null && originalConfig.isObject()) {
                copyUnknown((ObjectNode) originalConfig, Set.copyOf(RuntimeConfig.FIELDS), runtime.node());
            }
            out.put("config", runtime.node());
        }
        out.put("rootfs", rootfs.toJson());
        out.putObjects("history", history == null ? null : history.stream().map(History::toJson).toList());
        copyUnknown(original, FIELDS, out.node());
        return Json.write(out.node());
    }

    private static void copyUnknown(ObjectNode from, Set<String> known, ObjectNode to) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                to.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /** This config serialised as {@code mediaType}, with its bytes and digest. */
    public Document<ImageConfig> toDocument(String mediaType) {
        return new Document<>(this, toJson(), mediaType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageConfig c && java.util.Arrays.equals(c.toJson(), toJson());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(toJson());
    }

    @Override
    public String toString() {
        return "ImageConfig " + platform + " with " + rootfs.diffIds().size() + " layers";
    }
}
