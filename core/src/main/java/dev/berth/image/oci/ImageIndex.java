package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image index (multi-platform "fat manifest"), as
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">image-index.md</a> defines
 * it, and the Docker manifest list ({@link MediaType#DOCKER_MANIFEST_LIST}) it is compatible with. An image
 * layout's {@code index.json} is one too.
 *
 * @param schemaVersion always 2
 * @param mediaType {@link MediaType#OCI_INDEX}, {@link MediaType#DOCKER_MANIFEST_LIST}, or null (OCI)
 * @param artifactType optional
 * @param manifests the entries; each names its media type
 * @param subject optional
 * @param annotations optional
 */
public record ImageIndex(int schemaVersion, String mediaType, String artifactType, List<Descriptor> manifests,
        Descriptor subject, Map<String, String> annotations) {

    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    /** An OCI index of {@code manifests}. */
    public static ImageIndex of(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaType.OCI_INDEX, null, manifests, null, null);
    }

    /** The media type this index is, defaulting to OCI when the document does not say. */
    public String effectiveMediaType() {
        return mediaType == null ? MediaType.OCI_INDEX : mediaType;
    }

    /** The same index with {@code manifests} instead. */
    public ImageIndex withManifests(List<Descriptor> manifests) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, manifests, subject, annotations);
    }

    /**
     * The image manifest entry that suits {@code platform} best ({@link Platform#preference}): same OS and
     * architecture, exact variant first, then an older compatible one; ties go to the first entry.
     * Entries without a platform, or for {@code unknown/unknown} (attestations), never match.
     */
    public Optional<Descriptor> manifestFor(Platform platform) {
        return manifests.stream()
                .filter(d -> MediaType.isManifest(d.mediaType()))
                .filter(d -> d.platform() != null && platform.accepts(d.platform()))
                .min(Comparator.comparingInt(d -> platform.preference(d.platform())));
    }

    /**
     * Parses and validates an index.
     *
     * @param source names the document in errors
     * @throws ImageFormatException if it is not JSON, not an index, or breaks a rule of the spec
     */
    public static Document<ImageIndex> parse(byte[] bytes, String source) throws ImageFormatException {
        ImageIndex index = Json.parse(bytes, source, ImageIndex::read);
        return new Document<>(index, bytes, index.effectiveMediaType());
    }

    static ImageIndex read(JsonObject json) {
        SchemaVersion.check(json);
        String mediaType = json.mediaType("mediaType", false);
        if (mediaType != null && !MediaType.isIndex(mediaType)) {
            throw json.violation("mediaType", MediaType.isManifest(mediaType)
                    ? "is " + mediaType + ", an image manifest, not an index"
                    : "unsupported index media type \"" + mediaType + "\" (expected " + MediaType.OCI_INDEX + " or "
                            + MediaType.DOCKER_MANIFEST_LIST + ")");
        }
        String artifactType = json.mediaType("artifactType", false);
        List<Descriptor> manifests = json.objects("manifests", true).stream().map(Descriptor::read).toList();
        JsonObject subject = json.object("subject");
        return new ImageIndex(2, mediaType, artifactType, manifests,
                subject == null ? null : Descriptor.read(subject), json.stringMap("annotations", false));
    }

    /** Deterministic JSON for this index. */
    public byte[] toJson() {
        ObjectNode node = JsonOutput.object().put("schemaVersion", (long) schemaVersion).put("mediaType", mediaType)
                .put("artifactType", artifactType)
                .putObjects("manifests", manifests.stream().map(Descriptor::toJson).toList())
                .put("subject", subject == null ? null : subject.toJson()).putMap("annotations", annotations).node();
        return Json.write(node);
    }

    /** This index serialised, with its bytes and digest. */
    public Document<ImageIndex> toDocument() {
        return new Document<>(this, toJson(), effectiveMediaType());
    }
}
