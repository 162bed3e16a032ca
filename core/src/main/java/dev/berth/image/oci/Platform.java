package dev.berth.image.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Parses {@code os/architecture[/variant]}, as in {@code linux/arm/v7}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("not os/architecture[/variant]: '" + text + "'");
        }
        return new Platform(parts[1], parts[0], null, null, null, null).withVariant(parts.length == 3 ? parts[2] : null);
    }

    /**
     * The platform of this JVM: the OS, the Go name of {@code os.arch}, and the variant ({@code v8} on
     * arm64, the CPU's on 32-bit arm).
     */
    public static Platform host() {
        String name = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") ? "darwin"
                : name.startsWith("windows") ? "windows" : name;
        String arch = VariantPreference.goArchitecture(System.getProperty("os.arch", ""));
        String variant = switch (arch) {
            case "arm64" -> "v8";
            case "arm" -> armVariant();
            default -> null;
        };
        return of(os, arch).withVariant(variant);
    }

    /** The same platform with {@code variant} (null for none). */
    public Platform withVariant(String variant) {
        return new Platform(architecture, os, osVersion, osFeatures, variant == null || variant.isEmpty() ? null : variant,
                features);
    }

    /** Whether an image for {@code candidate} runs here; see {@link #preference}. */
    public boolean accepts(Platform candidate) {
        return preference(candidate) != VariantPreference.NO_MATCH;
    }

    /**
     * How well {@code candidate} suits this platform: 0 for an exact match, higher for a worse one (an
     * older compatible variant), {@link Integer#MAX_VALUE} when it does not run here.
     */
    public int preference(Platform candidate) {
        return VariantPreference.rank(this, candidate);
    }

    /** {@code v7} (or v6, v5) from {@code /proc/cpuinfo}'s "CPU architecture", v7 when unknown. */
    private static String armVariant() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("CPU architecture")) {
                    String v = line.substring(line.indexOf(':') + 1).trim();
                    return v.matches("[5-7]") ? "v" + v : "v7";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: fall back to the most common 32-bit ARM.
        }
        return "v7";
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
