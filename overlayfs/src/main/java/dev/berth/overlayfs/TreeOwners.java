package dev.berth.overlayfs;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.OwnerChange;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owners and modes, as the container sees them, for files this JVM writes into a tree that
 * becomes part of a container's root (a COPY step's upper, a working directory made in a
 * container's upper). As root the owners are set at once. Without root the user cannot chown
 * to its subordinate ids, so, as {@link dev.berth.overlayfs.apply.LayerApplier} does for
 * layers, the files stay the user's (container root's) while they are written and
 * {@link #finish()} gives them their owners in one pass of the stage-1 helper as root of a user
 * namespace with the user's map ({@link Launcher#changeOwners}). Ids beyond the map stay the
 * container root's. Not thread-safe.
 */
public final class TreeOwners {
    private final Host host;
    private final Path root;
    /** Null as root: owners are host ids and set directly. */
    private final UserNamespaceMap map;
    private final Map<String, OwnerChange> pending = new LinkedHashMap<>();

    private TreeOwners(Host host, Path root, UserNamespaceMap map) {
        this.host = host;
        this.root = root;
        this.map = map;
    }

    /** Owners for files below {@code root}, set as fits this process: directly as root, else in a user namespace. */
    public static TreeOwners of(Host host, Path root) {
        return host.isRoot() ? new TreeOwners(host, root, null)
                : new TreeOwners(host, root, UserNamespaceMap.ofCurrentUser());
    }

    /** Owners set through {@code map}: a user namespace pass of {@code host}'s launcher at {@link #finish()}. */
    public static TreeOwners through(Host host, Path root, UserNamespaceMap map) {
        return new TreeOwners(host, root, map);
    }

    /** The container uid of a file that the host shows with {@code uid} (a file of a layer or an upper). */
    public long containerUid(int uid) {
        long host = Integer.toUnsignedLong(uid);
        return map == null ? host : map.containerUid(host).orElse(0);
    }

    /** The container gid of a file that the host shows with {@code gid}. */
    public long containerGid(int gid) {
        long host = Integer.toUnsignedLong(gid);
        return map == null ? host : map.containerGid(host).orElse(0);
    }

    /**
     * Gives {@code file} (below the root, not followed if a symlink) container owner
     * {@code uid}:{@code gid} and permission bits {@code mode} (-1 to leave them, as for a
     * symlink). Without root a directory stays writable by the user until {@link #finish()},
     * so that entries can still be written into it.
     */
    public void set(Path file, long uid, long gid, int mode) throws IOException {
        if (map == null) {
            Files.setAttribute(file, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            if (mode >= 0) {
                Files.setAttribute(file, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS); // after chown, which clears set-id bits
            }
            return;
        }
        int now = mode;
        if (mode >= 0) {
            now = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? mode | 0700 : mode & 0777;
            Files.setAttribute(file, "unix:mode", now, LinkOption.NOFOLLOW_LINKS);
        }
        long u = map.hostUid(uid).isPresent() ? uid : 0;
        long g = map.hostGid(gid).isPresent() ? gid : 0;
        String rel = root.relativize(file).toString();
        String key = rel.isEmpty() ? "." : rel;
        pending.remove(key); // re-added last: a later change of the same name wins
        if (u != 0 || g != 0 || now != mode) {
            pending.put(key, new OwnerChange(key, u, g, mode));
        }
    }

    /** Forgets what was recorded for {@code file} and below it (they were deleted). */
    public void forget(Path file) {
        String rel = root.relativize(file).toString();
        pending.keySet().removeIf(k -> k.equals(rel) || k.startsWith(rel + "/"));
    }

    /** Sets the owners and modes recorded without root; nothing to do as root. */
    public void finish() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        try {
            host.launcher().changeOwners(map, root, List.copyOf(pending.values()));
        } catch (LaunchException e) {
            throw new IOException("cannot give the files below " + root + " their owners in a user namespace ("
                    + map + "): " + e.getMessage(), e);
        }
        pending.clear();
    }
}
