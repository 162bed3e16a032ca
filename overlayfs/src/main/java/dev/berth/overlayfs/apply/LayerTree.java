package dev.berth.overlayfs.apply;

import static dev.berth.namespaces.linux.Syscalls.AT_REMOVEDIR;
import static dev.berth.namespaces.linux.Syscalls.O_CLOEXEC;
import static dev.berth.namespaces.linux.Syscalls.O_DIRECTORY;
import static dev.berth.namespaces.linux.Syscalls.O_NOFOLLOW;
import static dev.berth.namespaces.linux.Syscalls.O_PATH;

import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.LayerException;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layer directory being written, reached only through descriptors: every parent directory
 * is opened with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
 * RESOLVE_NO_XDEV) from the root descriptor, and every entry is then made with an *at() call on
 * that descriptor and its last name component. The names it is given are already resolved
 * inside the root ({@link RootedPath}); the kernel follows no symlink on top of that, whatever
 * a later entry says, so nothing can be created outside the root. The tree
 * also remembers what this layer made, so that duplicates replace earlier entries and whiteouts
 * never hide the layer's own entries.
 */
final class LayerTree implements Closeable {
    /** What an entry of this layer is. */
    enum Kind { DIR, FILE, SYMLINK, SPECIAL, WHITEOUT }

    private static final long RESOLVE = Syscalls.RESOLVE_IN_ROOT | Syscalls.RESOLVE_NO_SYMLINKS
            | Syscalls.RESOLVE_NO_MAGICLINKS | Syscalls.RESOLVE_NO_XDEV;
    private static final int DIR_FDS = 64;

    private final Syscalls sys;
    private final int rootFd;
    private final Map<String, Kind> made = new HashMap<>();
    /** The targets of the symlinks this layer made, by path. */
    private final Map<String, String> links = new HashMap<>();
    /** The directories this layer made opaque: nothing below them shows through. */
    private final java.util.Set<String> opaque = new java.util.HashSet<>();
    /** Told of each directory made only because an entry needed it as a parent. */
    private java.util.function.Consumer<String> implicitDirs = d -> { };
    private final LinkedHashMap<String, Integer> dirFds = new LinkedHashMap<>(DIR_FDS * 2, 0.75f, true);

    LayerTree(Syscalls sys, Path root) {
        this.sys = sys;
        this.rootFd = sys.open(root.toString(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        made.put("", Kind.DIR);
    }

    Syscalls sys() {
        return sys;
    }

    /** What this layer made at {@code path}, or null. */
    Kind kind(String path) {
        return made.get(path);
    }

    void made(String path, Kind kind) {
        made.put(path, kind);
        links.remove(path);
        opaque.remove(path);
    }

    /** Records a symlink this layer made at {@code path}, so that later names resolve through it. */
    void madeSymlink(String path, String target) {
        made(path, Kind.SYMLINK);
        links.put(path, target);
    }

    /** The target of the symlink this layer made at {@code path}, or null. */
    String linkTarget(String path) {
        return links.get(path);
    }

    /** Records that directory {@code path} of this layer hides what the layers below have there. */
    void madeOpaque(String path) {
        opaque.add(path);
    }

    /** Whether {@code path} or a directory above it is opaque in this layer (lower layers do not show). */
    boolean hidesLower(String path) {
        for (String p = path; ; p = EntryName.parent(p)) {
            if (opaque.contains(p) || made.get(p) == Kind.WHITEOUT) {
                return true;
            }
            if (p.isEmpty()) {
                return false;
            }
        }
    }

    /** Calls {@code listener} with each directory made implicitly, as the parent of an entry. */
    void onImplicitDirectory(java.util.function.Consumer<String> listener) {
        this.implicitDirs = listener;
    }

    /**
     * A descriptor of directory {@code dir} (a normalised name, "" for the root), creating
     * missing directories with mode 0755 on the way. Owned by the tree: do not close it.
     */
    int dir(String entry, String dir) throws LayerException {
        if (dir.isEmpty()) {
            return rootFd;
        }
        Integer cached = dirFds.get(dir);
        if (cached != null) {
            return cached;
        }
        Kind k = made.get(dir);
        if (k == null) {
            int parent = dir(entry, EntryName.parent(dir));
            try {
                sys.mkdirat(parent, EntryName.base(dir), 0755);
            } catch (SyscallException e) {
                throw new LayerException(entry, "cannot create directory '" + dir + "': " + e.getMessage(), e);
            }
            made.put(dir, Kind.DIR);
            implicitDirs.accept(dir);
        } else if (k != Kind.DIR) {
            throw new LayerException(entry, "parent '" + dir + "' is a " + k.name().toLowerCase()
                    + " of this layer, not a directory"
                    + (k == Kind.SYMLINK ? " (a layer's own symlinks are never followed)" : ""));
        }
        int fd;
        try {
            fd = sys.openat2(rootFd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, RESOLVE);
        } catch (SyscallException e) {
            String why = e.errno() == 40 /* ELOOP */ ? " (a symlink on the way; symlinks are never followed)"
                    : e.errno() == Errno.ENOTDIR ? " (not a directory)" : "";
            throw new LayerException(entry, "cannot open parent '" + dir + "' inside the layer" + why
                    + ": " + e.getMessage(), e);
        }
        dirFds.put(dir, fd);
        if (dirFds.size() > DIR_FDS) {
            Iterator<Map.Entry<String, Integer>> eldest = dirFds.entrySet().iterator();
            sys.close(eldest.next().getValue());
            eldest.remove();
        }
        return fd;
    }

    /**
     * Makes room for a new entry at {@code path} in directory {@code parentFd}: an earlier
     * non-directory of this layer (or a whiteout) is removed; an earlier directory is removed
     * when {@code forDirectory} is false and it is empty, kept otherwise. Returns true when an
     * existing directory was kept.
     */
    boolean clear(String entry, int parentFd, String path, boolean forDirectory) throws LayerException {
        Kind k = made.get(path);
        if (k == null) {
            return false;
        }
        if (k == Kind.DIR && forDirectory) {
            return true;
        }
        try {
            if (k == Kind.DIR) {
                if (path.isEmpty()) {
                    throw new LayerException(entry, "cannot replace the layer root");
                }
                Integer fd = dirFds.remove(path);
                if (fd != null) {
                    sys.close(fd);
                }
                sys.unlinkat(parentFd, EntryName.base(path), AT_REMOVEDIR);
            } else {
                sys.unlinkat(parentFd, EntryName.base(path), 0);
            }
        } catch (SyscallException e) {
            throw new LayerException(entry, "cannot replace the earlier entry '" + path + "': " + e.getMessage(), e);
        }
        made.remove(path);
        links.remove(path);
        opaque.remove(path);
        return false;
    }

    /** A path through /proc/self/fd that names {@code name} in directory {@code dirFd} (or it, for "."). */
    static String procPath(int dirFd, String name) {
        return "/proc/self/fd/" + dirFd + "/" + name;
    }

    /** Opens a directory of this layer without following symlinks, or returns -1 if it is gone. */
    int openDirectory(String dir) {
        try {
            return sys.openat2(rootFd, dir.isEmpty() ? "." : dir, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, RESOLVE);
        } catch (SyscallException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        for (int fd : dirFds.values()) {
            sys.close(fd);
        }
        dirFds.clear();
        sys.close(rootFd);
    }
}
