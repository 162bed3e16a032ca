package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image manifest: one image's config and layers, as
 * <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">manifest.md</a> defines it,
 * and the Docker v2.2 manifest ({@link MediaType#DOCKER_MANIFEST}) that it is compatible with.
 *
 * @param schemaVersion always 2
 * @param mediaType {@link MediaType#OCI_MANIFEST} or {@link MediaType#DOCKER_MANIFEST}; null when an OCI
 *     manifest leaves it out
 * @param artifactType optional
 * @param config required
 * @param layers base layer first; at least one for OCI manifests (the spec's schema requires it)
 * @param subject optional
 * @param annotations optional
 */
public record ImageManifest(int schemaVersion, String mediaType, String artifactType, Descriptor config,
        List<Descriptor> layers, Descriptor subject, Map<String, String> annotations) {

    public ImageManifest {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    /** A manifest of {@code mediaType} (OCI or Docker) with {@code config} and {@code layers}. */
    public static ImageManifest of(String mediaType, Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, mediaType, null, config, layers, null, null);
    }

    /** The media type this manifest is, defaulting to OCI when the document does not say. */
    public String effectiveMediaType() {
        return mediaType == null ? MediaType.OCI_MANIFEST : mediaType;
    }

    /**
     * Parses and validates a manifest.
     *
     * @param source names the document in errors, e.g. {@code "manifest sha256:… in /var/lib/berth/images"}
     * @throws ImageFormatException if it is not JSON, not a manifest, or breaks a rule of the spec
     */
    public static Document<ImageManifest> parse(byte[] bytes, String source) throws ImageFormatException {
        ImageManifest manifest = Json.parse(bytes, source, ImageManifest::read);
        return new Document<>(manifest, bytes, manifest.effectiveMediaType());
    }

    static ImageManifest read(JsonObject json) {
        SchemaVersion.check(json);
        String mediaType = json.mediaType("mediaType", false);
        if (mediaType != null && !MediaType.isManifest(mediaType)) {
            throw json.violation("mediaType", unsupported(mediaType));
        }
        String artifactType = json.mediaType("artifactType", false);
        Descriptor config = Descriptor.read(json.requiredObject("config"));
        List<Descriptor> layers = json.objects("layers", true).stream().map(Descriptor::read).toList();
        if (layers.isEmpty() && !MediaType.DOCKER_MANIFEST.equals(mediaType)) {
            throw json.violation("layers", "an OCI image manifest needs at least one layer");
        }
        JsonObject subject = json.object("subject");
        return new ImageManifest(2, mediaType, artifactType, config, layers,
                subject == null ? null : Descriptor.read(subject), json.stringMap("annotations", false));
    }

    static String unsupported(String mediaType) {
        if (MediaType.isIndex(mediaType)) {
            return "is " + mediaType + ", an index, not an image manifest";
        }
        if (mediaType.equals(MediaType.DOCKER_MANIFEST_V1) || mediaType.equals(MediaType.DOCKER_MANIFEST_V1_SIGNED)) {
            return "Docker schema 1 manifests (" + mediaType + ") are not supported";
        }
        return "unsupported manifest media type \"" + mediaType + "\" (expected " + MediaType.OCI_MANIFEST
                + " or " + MediaType.DOCKER_MANIFEST + ")";
    }

    /** Deterministic JSON for this manifest. */
    public byte[] toJson() {
        ObjectNode node = JsonOutput.object().put("schemaVersion", (long) schemaVersion).put("mediaType", mediaType)
                .put("artifactType", artifactType).put("config", config.toJson())
                .putObjects("layers", layers.stream().map(Descriptor::toJson).toList())
                .put("subject", subject == null ? null : subject.toJson()).putMap("annotations", annotations).node();
        return Json.write(node);
    }

    /** This manifest serialised, with its bytes and digest. */
    public Document<ImageManifest> toDocument() {
        return new Document<>(this, toJson(), effectiveMediaType());
    }
}
