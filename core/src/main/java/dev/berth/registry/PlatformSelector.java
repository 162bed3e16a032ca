package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Picks the manifest for a platform from an index (or Docker manifest list): same OS and
 * architecture, and the best variant — exact first, then an older compatible one (arm v7 runs
 * v6 and v5; arm64 v8 matches an entry without variant). Entries for {@code unknown/unknown}
 * (attestations) do not match a real platform. Ties go to the first entry. See the image spec's
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">Image Index</a>.
 */
public final class PlatformSelector {
    private PlatformSelector() {
    }

    /**
     * The descriptor of the best manifest for {@code platform}, or empty when none fits.
     *
     * @throws IllegalArgumentException if the bytes are not an index
     */
    public static Optional<BlobDescriptor> select(byte[] index, Platform platform) {
        JsonNode manifests = RegistryJson.tryParse(index).map(n -> n.path("manifests"))
                .filter(JsonNode::isArray).orElseThrow(() -> new IllegalArgumentException("not an image index: no 'manifests' array"));
        JsonNode best = null;
        int bestRank = Integer.MAX_VALUE;
        for (JsonNode m : manifests) {
            int rank = rank(m.path("platform"), platform);
            if (rank < bestRank) {
                best = m;
                bestRank = rank;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new BlobDescriptor(best.path("digest").asText(""), best.path("size").asLong(-1), best.path("mediaType").asText("")));
    }

    /** 0 for an exact match, higher for a worse one, {@link Integer#MAX_VALUE} for none. */
    private static int rank(JsonNode entry, Platform wanted) {
        if (!entry.isObject()) {
            return Integer.MAX_VALUE;
        }
        Platform p;
        try {
            p = new Platform(entry.path("os").asText(""), entry.path("architecture").asText(""), entry.path("variant").asText(""));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
        if (!p.os().equals(wanted.os()) || !p.architecture().equals(wanted.architecture())) {
            return Integer.MAX_VALUE;
        }
        List<String> order = compatibleVariants(wanted);
        int at = order.indexOf(p.variant());
        return at < 0 ? Integer.MAX_VALUE : at;
    }

    /** Variants the wanted platform runs, best first; "" is an entry that names none. */
    private static List<String> compatibleVariants(Platform wanted) {
        String v = wanted.variant();
        return switch (wanted.architecture()) {
            case "arm64" -> v.isEmpty() || v.equals("v8") ? List.of("v8", "") : List.of(v, "v8", "");
            case "arm" -> switch (v) {
                case "v8" -> List.of("v8", "v7", "v6", "v5", "");
                case "v6" -> List.of("v6", "v5", "");
                case "v5" -> List.of("v5", "");
                default -> List.of("v7", "v6", "v5", "");
            };
            default -> v.isEmpty() ? List.of("", "v1") : List.of(v, "");
        };
    }
}
