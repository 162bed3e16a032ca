package dev.berth.runtime;

import dev.berth.FileChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The paths Berth itself makes in a container's root before its command runs: the mount points
 * of {@code /dev}, {@code /proc} and {@code /sys} and the generated {@code /etc} files (bound
 * from the container's directory). dockerd makes the same ones in a hidden "init" layer, so
 * {@code docker diff} never lists them; Berth makes them in the upper and leaves them out of
 * {@link RootChanges}' list instead. Mount points of binds, tmpfs and volumes stay listed, as
 * dockerd makes those in the container's own layer.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/diff/">docker diff</a>
 */
public final class InitLayerPaths {
    private static final Set<String> FILES = Set.of("/proc", "/sys", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
            "/etc/mtab", "/.dockerenv");

    private InitLayerPaths() {
    }

    /**
     * {@code changes} (in path order) without the init paths, and without a parent directory of
     * one that is listed only because of them: added or modified, with no other change under it.
     */
    public static List<FileChange> hide(List<FileChange> changes) {
        List<FileChange> kept = new ArrayList<>();
        for (FileChange c : changes) {
            if (!isInitPath(c.path())) {
                kept.add(c);
            }
        }
        List<FileChange> out = new ArrayList<>();
        for (FileChange c : kept) {
            if (c.kind() == FileChange.Kind.DELETED || !isParentOfInitPath(c.path())
                    || kept.stream().anyMatch(o -> o.path().startsWith(c.path() + "/"))) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** Whether Berth makes {@code path} (or it lies in {@code /dev}, a tmpfs of Berth's). */
    static boolean isInitPath(String path) {
        return FILES.contains(path) || path.equals("/dev") || path.startsWith("/dev/");
    }

    private static boolean isParentOfInitPath(String dir) {
        return FILES.stream().anyMatch(p -> p.startsWith(dir + "/"));
    }
}
