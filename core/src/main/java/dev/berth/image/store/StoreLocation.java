package dev.berth.image.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Berth keeps its data ({@code BERTH_HOME}): the {@code BERTH_HOME} environment variable if set,
 * else {@code /var/lib/berth} for root, else {@code $XDG_DATA_HOME/berth} (by the
 * <a href="https://specifications.freedesktop.org/basedir-spec/latest/">XDG base directory spec</a>,
 * {@code ~/.local/share/berth} when {@code XDG_DATA_HOME} is unset). Images live in {@code images/} below it.
 */
public final class StoreLocation {
    private StoreLocation() {
    }

    /** {@code BERTH_HOME} for this process. */
    public static Path berthHome() {
        return berthHome(System.getenv(), isRoot(), System.getProperty("user.home"));
    }

    /**
     * Whether this process runs as uid 0, by the effective uid in {@code /proc/self/status} (the
     * owner of {@code /proc/self} is root for any process that is not dumpable, such as one
     * started by {@code setpriv}).
     */
    private static boolean isRoot() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code BERTH_HOME} for the given environment, root-ness and home directory. */
    public static Path berthHome(Map<String, String> env, boolean root, String userHome) {
        String explicit = env.get("BERTH_HOME");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        if (root) {
            return Path.of("/var/lib/berth");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        Path data = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(userHome, ".local", "share");
        return data.resolve("berth");
    }

    /** The image store's root below {@code berthHome}. */
    public static Path imageStore(Path berthHome) {
        return berthHome.resolve("images");
    }
}
