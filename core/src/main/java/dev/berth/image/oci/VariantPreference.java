package dev.berth.image.oci;

import java.util.List;
import java.util.Locale;

/**
 * How well an index entry's platform suits a wanted one: same OS and architecture (by their Go
 * names, so {@code x86_64} is {@code amd64}), then the best variant — exact first, then an older
 * compatible one (arm v7 runs v6 and v5; arm64 v8 takes an entry without variant). The rules are
 * those of containerd's platform matcher, which
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md#platform-variants">image-index.md</a>
 * leaves to implementations.
 */
final class VariantPreference {
    /** The rank of a platform that does not run at all. */
    static final int NO_MATCH = Integer.MAX_VALUE;

    private VariantPreference() {
    }

    /** 0 for an exact match, higher for a worse one, {@link #NO_MATCH} for none. */
    static int rank(Platform wanted, Platform candidate) {
        if (!lower(candidate.os()).equals(lower(wanted.os()))
                || !goArchitecture(candidate.architecture()).equals(goArchitecture(wanted.architecture()))) {
            return NO_MATCH;
        }
        int at = compatibleVariants(wanted).indexOf(lower(candidate.variant()));
        return at < 0 ? NO_MATCH : at;
    }

    /** Variants the wanted platform runs, best first; "" is an entry that names none. */
    private static List<String> compatibleVariants(Platform wanted) {
        String v = lower(wanted.variant());
        return switch (goArchitecture(wanted.architecture())) {
            case "arm64" -> v.isEmpty() || v.equals("v8") ? List.of("v8", "") : List.of(v, "v8", "");
            case "arm" -> switch (v) {
                case "v8" -> List.of("v8", "v7", "v6", "v5", "");
                case "v6" -> List.of("v6", "v5", "");
                case "v5" -> List.of("v5", "");
                default -> List.of("v7", "v6", "v5", "");
            };
            // A wanted platform without variant takes any entry of its architecture, best the plain one.
            default -> v.isEmpty() ? List.of("", "v1") : List.of(v, "");
        };
    }

    /** Java's {@code os.arch} and uname names mapped to the OCI (Go {@code GOARCH}) names. */
    static String goArchitecture(String arch) {
        String a = lower(arch);
        return switch (a) {
            case "x86_64", "amd64", "x86-64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armhf", "armv7l", "armel", "aarch32" -> "arm";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "ppc64le", "ppc64el" -> "ppc64le";
            default -> a;
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
