package dev.berth.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * An OCI platform: {@code os}, {@code architecture} and optional {@code variant}, with the
 * host's computed from {@code os.name}/{@code os.arch} and mapped to OCI names ({@code amd64},
 * {@code arm64}, {@code arm} with its variant). See the image spec's
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md#image-index-property-descriptions">platform</a>
 * property and Go's {@code GOARCH} values it refers to.
 */
public record Platform(String os, String architecture, String variant) {
    /** Normalises names; the variant may be empty. */
    public Platform {
        os = os.toLowerCase(Locale.ROOT);
        architecture = normalizeArchitecture(Objects.requireNonNull(architecture, "architecture"));
        variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code os/arch[/variant]}, as in {@code linux/arm/v7}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("not os/arch[/variant]: '" + text + "'");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** The platform this JVM runs on. */
    public static Platform host() {
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        os = os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : os;
        String arch = normalizeArchitecture(System.getProperty("os.arch", ""));
        String variant = switch (arch) {
            case "arm64" -> "v8";
            case "arm" -> armVariant();
            default -> "";
        };
        return new Platform(os, arch, variant);
    }

    /** Java's {@code os.arch} and uname names mapped to the OCI (Go) names. */
    static String normalizeArchitecture(String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "amd64", "x86-64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armhf", "armv7l", "armel", "aarch32" -> "arm";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "ppc64le", "ppc64el" -> "ppc64le";
            default -> a;
        };
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
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
