package dev.berth.build.dockerfile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BuildKit's automatic platform ARGs ({@code BUILDPLATFORM}, {@code TARGETARCH}, ...,
 * {@code TARGETSTAGE}) with this host's values, overridden by build arguments of the same name,
 * and the platform normalisation of containerd's {@code platforms.Parse} that the checks need.
 *
 * @see <a href="https://docs.docker.com/build/building/variables/#multi-platform-build-arguments">Multi-platform build arguments</a>
 */
final class AutomaticArgs {
    private AutomaticArgs() {
    }

    /** The automatic args in BuildKit's order; {@code target} is the target stage's name (null: {@code default}). */
    static Map<String, String> values(Map<String, String> buildArgs, String target) {
        String arch = normalizeArch(System.getProperty("os.arch", "amd64"));
        String platform = "linux/" + arch;
        Map<String, String> out = new LinkedHashMap<>();
        out.put("BUILDPLATFORM", platform);
        out.put("BUILDOS", "linux");
        out.put("BUILDOSVERSION", "");
        out.put("BUILDARCH", arch);
        out.put("BUILDVARIANT", "");
        out.put("TARGETPLATFORM", platform);
        out.put("TARGETOS", "linux");
        out.put("TARGETOSVERSION", "");
        out.put("TARGETARCH", arch);
        out.put("TARGETVARIANT", "");
        out.put("TARGETSTAGE", target == null || target.isEmpty() ? "default" : target);
        out.replaceAll((k, v) -> buildArgs.getOrDefault(k, v));
        return out;
    }

    /**
     * {@code os/arch[/variant]} or a lone OS or architecture, normalised (e.g. {@code x86_64} is
     * {@code amd64}): {os, arch}, or null when containerd would not parse it.
     */
    static String[] parsePlatform(String specifier) {
        if (specifier.isEmpty()) {
            return null;
        }
        String[] parts = specifier.split("/", -1);
        for (String part : parts) {
            if (!part.matches("[A-Za-z0-9_.-]+")) {
                return null;
            }
        }
        return switch (parts.length) {
            case 1 -> {
                String lower = parts[0].toLowerCase(Locale.ROOT);
                if (isKnownOs(lower)) {
                    yield new String[] {lower, normalizeArch(System.getProperty("os.arch", "amd64"))};
                }
                String arch = normalizeArch(lower);
                yield isKnownArch(arch) ? new String[] {"linux", arch} : null;
            }
            case 2, 3 -> new String[] {parts[0].toLowerCase(Locale.ROOT), normalizeArch(parts[1].toLowerCase(Locale.ROOT))};
            default -> null;
        };
    }

    private static String normalizeArch(String arch) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "i386" -> "386";
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "armhf", "armel", "arm" -> "arm";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }

    private static boolean isKnownOs(String os) {
        return switch (os) {
            case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
                 "netbsd", "openbsd", "plan9", "solaris", "windows", "zos" -> true;
            default -> false;
        };
    }

    private static boolean isKnownArch(String arch) {
        return switch (arch) {
            case "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips",
                 "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x",
                 "sparc", "sparc64", "wasm" -> true;
            default -> false;
        };
    }
}
