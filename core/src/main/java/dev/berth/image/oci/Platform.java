package dev.berth.image.oci;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The platform an image runs on, as the {@code platform} of an index entry in
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">image-index.md</a>.
 * Values follow Go's {@code GOOS}/{@code GOARCH}.
 *
 * @param architecture required, e.g. {@code amd64}, {@code arm64}
 * @param os required, e.g. {@code linux}
 * @param osVersion optional ({@code os.version})
 * @param osFeatures optional ({@code os.features})
 * @param variant optional, e.g. {@code v8}
 * @param features optional, reserved by the spec
 */
public record Platform(String architecture, String os, String osVersion, List<String> osFeatures, String variant,
        List<String> features) {

    public Platform {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        osFeatures = osFeatures == null ? null : List.copyOf(osFeatures);
        features = features == null ? null : List.copyOf(features);
    }

    /** {@code os/architecture} without a variant. */
    public static Platform of(String os, String architecture) {
        return new Platform(architecture, os, null, null, null, null);
    }

    /** The platform of this JVM: {@code linux} and the Go name of {@code os.arch}. */
    public static Platform host() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String goArch = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> arch;
        };
        return of(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux" : "unknown", goArch);
    }

    /** Whether an image for {@code candidate} runs here: same os and architecture, same variant if both name one. */
    public boolean accepts(Platform candidate) {
        return os.equals(candidate.os) && architecture.equals(candidate.architecture)
                && (variant == null || candidate.variant == null || variant.equals(candidate.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    static Platform read(JsonObject json) {
        return new Platform(json.requiredString("architecture"), json.requiredString("os"),
                json.string("os.version"), json.strings("os.features", false), json.string("variant"),
                json.strings("features", false));
    }

    com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        return JsonOutput.object().put("architecture", architecture).put("os", os).put("os.version", osVersion)
                .putStrings("os.features", osFeatures).put("variant", variant).putStrings("features", features).node();
    }
}
