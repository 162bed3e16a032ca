package dev.berth.build.context;

import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.TreeOwners;
import dev.berth.runtime.RootfsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link CopyPlan} into an empty directory laid out as an overlay upper over the image's
 * layers, which then becomes the step's layer: parents the image has are made with their own mode
 * and owner (so the merged view keeps them), new ones 0755 root; every copied entry gets the
 * owner asked for (0:0 by default, as Docker's COPY) and its source's mode unless a mode is
 * given, and keeps its source's mtime. Symlinks are written as symlinks. Device nodes and fifos
 * are made as root, as Docker makes them (a container's device cgroup still decides what it may
 * open); without root no device node can be made, so they are left out and listed in
 * {@link #skippedDevices()}, as rootless BuildKit leaves them out. Sockets are refused.
 */
public final class TreeWriter {
    private final Syscalls sys;
    private final Path upper;
    private final List<Path> lowers;
    private final Integer uid;
    private final Integer gid;
    private final Integer chmod;
    private final List<String> skippedDevices = new ArrayList<>();

    /**
     * @param uid owner for every entry, or null to keep each source's (ADD of an archive)
     * @param chmod mode for every entry, or null to keep each source's
     */
    public TreeWriter(Syscalls sys, Path upper, List<Path> lowersHighestFirst, Integer uid, Integer gid,
            Integer chmod) {
        this.sys = sys;
        this.upper = upper;
        this.lowers = lowersHighestFirst;
        this.uid = uid;
        this.gid = gid;
        this.chmod = chmod;
    }

    /**
     * Writes {@code plan}, giving entries their owners through {@code owners}, whose
     * {@link TreeOwners#finish()} the caller calls once every plan of the step is written.
     */
    public void write(CopyPlan plan, TreeOwners owners) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<FileStat> dirStats = new ArrayList<>();
        for (CopyPlan.Entry e : plan.entries()) {
            FileStat st = e.source().stat();
            if (e.target().equals("/")) {
                continue; // the root keeps its metadata
            }
            String parent = e.target().substring(0, e.target().lastIndexOf('/'));
            RootfsFile.makeDirectory(sys, lowers, upper, parent.isEmpty() ? "/" : parent, owners);
            Path t = upper.resolve(e.target().substring(1));
            if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)
                    && !(st.isDirectory() && Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS))) {
                FileTrees.delete(t); // a later source replaces what an earlier one wrote there
                owners.forget(t);
            }
            if (st.isDirectory()) {
                if (!Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(t);
                }
                dirs.add(t);
                dirStats.add(st);
                own(t, st, owners, chmod != null ? chmod : st.permissions());
            } else if (st.isRegular()) {
                Files.copy(e.source().file(), t, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                own(t, st, owners, chmod != null ? chmod : st.permissions());
                time(t, st);
            } else if (st.isSymlink()) {
                Files.createSymbolicLink(t, Files.readSymbolicLink(e.source().file()));
                own(t, st, owners, -1);
                time(t, st);
            } else if (isDevice(st) || st.type() == FileStat.S_IFIFO) {
                if (isDevice(st) && !sys.privilegedRoot()) {
                    skippedDevices.add(e.target());
                    continue;
                }
                special(t, st, owners);
            } else if (!st.isWhiteout()) {
                throw new IllegalArgumentException("cannot copy " + e.source().path()
                        + ": a socket is not copied (only files, directories, symlinks, devices and fifos)");
            }
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            time(dirs.get(i), dirStats.get(i)); // after their entries, which change them
        }
    }

    /** The device nodes (their targets) left out because this process cannot make them. */
    public List<String> skippedDevices() {
        return List.copyOf(skippedDevices);
    }

    private static boolean isDevice(FileStat st) {
        return (st.type() == FileStat.S_IFCHR || st.type() == FileStat.S_IFBLK) && !st.isWhiteout();
    }

    /**
     * Makes a device node or fifo with its owner, mode and mtime through calls on its path: the
     * JDK's attribute setters open the file, which would open the device or block on the fifo.
     */
    private void special(Path t, FileStat st, TreeOwners owners) throws IOException {
        String path = t.toString();
        int mode = (chmod != null ? chmod : st.permissions()) & 07777;
        sys.mknodat(Syscalls.AT_FDCWD, path, st.type() | (mode & 0777), st.rdev());
        long u = uid != null ? uid : owners.containerUid(st.uid());
        long g = gid != null ? gid : owners.containerGid(st.gid());
        if (sys.privilegedRoot()) {
            sys.fchownat(Syscalls.AT_FDCWD, path, (int) u, (int) g, Syscalls.AT_SYMLINK_NOFOLLOW);
        } else {
            owners.set(t, u, g, -1); // recorded for the user namespace pass; nothing is opened
        }
        sys.fchmodat(Syscalls.AT_FDCWD, path, mode, 0); // after chown, which clears set-id bits; umask undone
        sys.utimensat(Syscalls.AT_FDCWD, path, st.mtimeNanos(), st.mtimeNanos(), Syscalls.AT_SYMLINK_NOFOLLOW);
    }

    /** The owner asked for, or the source's (a host id for a file of a layer), with {@code mode}. */
    private void own(Path t, FileStat st, TreeOwners owners, int mode) throws IOException {
        owners.set(t, uid != null ? uid : owners.containerUid(st.uid()), gid != null ? gid : owners.containerGid(st.gid()),
                mode);
    }

    private static void time(Path t, FileStat st) throws IOException {
        FileTime mtime = FileTime.from(java.time.Instant.ofEpochSecond(0, st.mtimeNanos()));
        Files.getFileAttributeView(t, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(mtime, null, null);
    }
}
