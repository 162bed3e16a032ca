package dev.berth.cli;

import java.util.Locale;

/**
 * This host's platform in OCI's {@code os/arch} form ({@code linux/amd64}, {@code linux/arm64}):
 * the only one Berth builds and runs, since it emulates no other architecture
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md#platform-variants">platforms</a>).
 */
final class BuildPlatform {
    private BuildPlatform() {
    }

    static String host() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return "linux/" + switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /** Whether {@code platform} ({@code os/arch[/variant]}, as docker takes it) is this host's. */
    static boolean isHost(String platform) {
        String p = platform.toLowerCase(Locale.ROOT).replace("x86_64", "amd64").replace("aarch64", "arm64");
        return p.equals(host()) || p.equals(host() + (host().endsWith("arm64") ? "/v8" : ""));
    }
}
