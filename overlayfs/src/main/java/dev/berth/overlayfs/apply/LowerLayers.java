package dev.berth.overlayfs.apply;

import static dev.berth.namespaces.linux.Syscalls.O_CLOEXEC;
import static dev.berth.namespaces.linux.Syscalls.O_DIRECTORY;
import static dev.berth.namespaces.linux.Syscalls.O_NOFOLLOW;
import static dev.berth.namespaces.linux.Syscalls.O_PATH;

import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileStat;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layer directories below the one being applied (top first), read as the overlay merges
 * them (<a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>): a directory
 * shows the layers below it until one where it is opaque, a whiteout (a 0:0 character device)
 * or any other non-directory hides the path in every layer below. Each path is opened with
 * openat2(2) from that layer's root descriptor with {@code RESOLVE_IN_ROOT |
 * RESOLVE_NO_SYMLINKS}, so reading a lower layer never follows a symlink, inside or outside it.
 * What is read is cached: lower layers do not change while a layer is applied onto them.
 */
final class LowerLayers implements Closeable {
    private static final long RESOLVE = Syscalls.RESOLVE_IN_ROOT | Syscalls.RESOLVE_NO_SYMLINKS
            | Syscalls.RESOLVE_NO_MAGICLINKS | Syscalls.RESOLVE_NO_XDEV;

    /** What the merged lower view shows at a path: the layer it comes from and its status. */
    record Found(int layer, String path, FileStat stat, String linkTarget) {
    }

    private final Syscalls sys;
    private final String opaqueXattr;
    private final int[] roots;
    private final Map<String, List<Integer>> dirLayers = new HashMap<>();
    private final Map<String, Found> found = new HashMap<>();

    LowerLayers(Syscalls sys, List<Path> layers, String opaqueXattr) {
        this.sys = sys;
        this.opaqueXattr = opaqueXattr;
        this.roots = new int[layers.size()];
        int opened = 0;
        try {
            for (Path p : layers) {
                roots[opened] = sys.open(p.toString(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
                opened++;
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < opened; i++) {
                sys.close(roots[i]);
            }
            throw e;
        }
    }

    /** The target of the symlink the lower layers show at {@code path} (symlink-free, cleaned), or null. */
    String linkTarget(String path) {
        Found f = find(path);
        return f != null && f.stat().isSymlink() ? f.linkTarget() : null;
    }

    /** What the lower layers show at {@code path} (symlink-free, cleaned), or null for nothing. */
    Found find(String path) {
        if (path.isEmpty() || roots.length == 0) {
            return null;
        }
        if (found.containsKey(path)) {
            return found.get(path);
        }
        Found result = null;
        for (int layer : dirLayers(EntryName.parent(path))) {
            Found f = open(layer, path);
            if (f != null) {
                result = f.stat().isWhiteout() ? null : f;
                break;
            }
        }
        found.put(path, result);
        return result;
    }

    /** A descriptor (O_PATH) of {@code f}'s file in its layer; the caller closes it. */
    int open(Found f) {
        return sys.openat2(roots[f.layer()], f.path(), O_PATH | O_NOFOLLOW | O_CLOEXEC, 0, RESOLVE);
    }

    /** The layers whose directory at {@code dir} the merged view shows, top first. */
    private List<Integer> dirLayers(String dir) {
        List<Integer> have = dirLayers.get(dir);
        if (have != null) {
            return have;
        }
        List<Integer> result = new ArrayList<>();
        if (dir.isEmpty()) {
            for (int i = 0; i < roots.length; i++) {
                result.add(i);
                if (opaque(roots[i])) {
                    break;
                }
            }
        } else {
            for (int layer : dirLayers(EntryName.parent(dir))) {
                int fd = openFd(layer, dir);
                if (fd < 0) {
                    continue;
                }
                try {
                    FileStat st = FileStat.of(sys.statx(fd, "", Syscalls.AT_EMPTY_PATH | Syscalls.AT_SYMLINK_NOFOLLOW));
                    if (!st.isDirectory()) {
                        break; // a whiteout or any other non-directory hides the layers below
                    }
                    result.add(layer);
                    if (opaque(fd)) {
                        break;
                    }
                } finally {
                    sys.close(fd);
                }
            }
        }
        dirLayers.put(dir, result);
        return result;
    }

    private Found open(int layer, String path) {
        int fd = openFd(layer, path);
        if (fd < 0) {
            return null;
        }
        try {
            FileStat st = FileStat.of(sys.statx(fd, "", Syscalls.AT_EMPTY_PATH | Syscalls.AT_SYMLINK_NOFOLLOW));
            return new Found(layer, path, st, st.isSymlink() ? sys.readlinkat(fd, "") : null);
        } finally {
            sys.close(fd);
        }
    }

    /** An O_PATH descriptor of {@code path} in {@code layer}, or -1 when it has none. */
    private int openFd(int layer, String path) {
        try {
            return sys.openat2(roots[layer], path, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0, RESOLVE);
        } catch (SyscallException e) {
            return -1; // missing, or under a non-directory or symlink of that layer: not shown from it
        }
    }

    private boolean opaque(int fd) {
        byte[] v = sys.fgetxattr(fd, opaqueXattr);
        return v != null && v.length == 1 && v[0] == 'y';
    }

    @Override
    public void close() {
        for (int fd : roots) {
            sys.close(fd);
        }
    }
}
