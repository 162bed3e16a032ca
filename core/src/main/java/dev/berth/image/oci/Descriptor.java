package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDigestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pointer to content: media type, digest and size, as
 * <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">descriptor.md</a> defines it.
 *
 * @param mediaType required, RFC 6838 shaped
 * @param digest required
 * @param size required, the content's length in bytes, never negative
 * @param urls optional places to fetch the content from (absolute URIs)
 * @param annotations optional, sorted by key
 * @param platform optional (in index entries)
 * @param artifactType optional, RFC 6838 shaped
 * @param data optional, the content itself in standard padded base64
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls, Map<String, String> annotations,
        Platform platform, String artifactType, String data) {

    /** The annotation that names a tag in an image layout's index.json. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /**
     * Berth's mark on a tag of the store's index.json that a pull or push set: its image then has
     * that repository's digest (Docker's {@code RepoDigests}), which a loaded or built one has not.
     */
    public static final String FROM_REGISTRY = "dev.berth.image.from-registry";


    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (!MediaType.isWellFormed(mediaType)) {
            throw new IllegalArgumentException("media type \"" + mediaType + "\" is not of the form type/subtype");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size of " + digest + " is negative: " + size);
        }
        urls = urls == null ? null : List.copyOf(urls);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    /** A descriptor with just the three required fields. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null, null);
    }

    /** The same descriptor with {@code annotations} (null for none). */
    public Descriptor withAnnotations(Map<String, String> annotations) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data);
    }

    /** The same descriptor with {@code platform}. */
    public Descriptor withPlatform(Platform platform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data);
    }

    /** The value of annotation {@code key}, if present. */
    public Optional<String> annotation(String key) {
        return annotations == null ? Optional.empty() : Optional.ofNullable(annotations.get(key));
    }

    static Descriptor read(JsonObject json) {
        String mediaType = json.mediaType("mediaType", true);
        String digestText = json.requiredString("digest");
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (InvalidDigestException e) {
            throw json.violation("digest", e.getMessage());
        }
        long size = json.requiredInteger("size");
        if (size < 0) {
            throw json.violation("size", "must not be negative, is " + size);
        }
        List<String> urls = json.strings("urls", false);
        if (urls != null) {
            for (int i = 0; i < urls.size(); i++) {
                if (!isAbsoluteUri(urls.get(i))) {
                    throw json.violation("urls[" + i + "]", "\"" + urls.get(i) + "\" is not an absolute URI");
                }
            }
        }
        String artifactType = json.mediaType("artifactType", false);
        String data = json.string("data");
        if (data != null && !isPaddedBase64(data)) {
            throw json.violation("data", "is not standard padded base64");
        }
        JsonObject platform = json.object("platform");
        return new Descriptor(mediaType, digest, size, urls, json.stringMap("annotations", false),
                platform == null ? null : Platform.read(platform), artifactType, data);
    }

    /** The decoded {@code data} field, if present. */
    public Optional<byte[]> decodedData() {
        return data == null ? Optional.empty() : Optional.of(Base64.getDecoder().decode(data));
    }

    ObjectNode toJson() {
        return JsonOutput.object().put("mediaType", mediaType).put("artifactType", artifactType)
                .put("digest", digest.toString()).put("size", size).putStrings("urls", urls)
                .putMap("annotations", annotations).put("data", data)
                .put("platform", platform == null ? null : platform.toJson()).node();
    }

    /** Go's {@code base64.StdEncoding}: whole quads, padding only at the end (Java's decoder allows it missing). */
    private static boolean isPaddedBase64(String text) {
        if (text.length() % 4 != 0) {
            return false;
        }
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        for (int i = 0; i < text.length() - padding; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAbsoluteUri(String text) {
        try {
            return new URI(text).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
