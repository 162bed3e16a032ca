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
        long uid = effectiveUid();
        return uid >= 0 ? uid == 0 : "root".equals(System.getProperty("user.name"));
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

    /**
     * Where this process keeps state that must not outlive the machine's boot or the user's
     * session: {@code $XDG_RUNTIME_DIR/berth} for users (the XDG base directory spec's place for
     * runtime files), {@code /run/berth} for root, and {@code /tmp/berth-UID} when a user has no
     * {@code XDG_RUNTIME_DIR}. Not created here; a caller creates it with mode 0700.
     */
    public static Path runtimeDirectory() {
        return runtimeDirectory(System.getenv(), isRoot(), effectiveUid());
    }

    /** {@link #runtimeDirectory()} for the given environment, root-ness and uid. */
    public static Path runtimeDirectory(Map<String, String> env, boolean root, long uid) {
        if (root) {
            return Path.of("/run/berth");
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        return xdg != null && xdg.startsWith("/") ? Path.of(xdg, "berth") : Path.of("/tmp", "berth-" + uid);
    }

    private static long effectiveUid() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /** The image store's root below {@code berthHome}. */
    public static Path imageStore(Path berthHome) {
        return berthHome.resolve("images");
    }
}
