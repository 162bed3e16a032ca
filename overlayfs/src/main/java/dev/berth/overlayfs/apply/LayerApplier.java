package dev.berth.overlayfs.apply;

import dev.berth.namespaces.host.Host;
import static dev.berth.namespaces.linux.Syscalls.AT_FDCWD;
import static dev.berth.namespaces.linux.Syscalls.AT_SYMLINK_NOFOLLOW;

import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.OwnerChange;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.userns.UserNamespaceMap;
import dev.berth.overlayfs.FileCapability;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.Whiteouts;
import dev.berth.overlayfs.apply.LayerTree.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.LoggerFactory;

/**
 * Applies one OCI/Docker layer (tar, tar+gzip, tar+zstd) into a new, empty layer directory in the
 * form an overlay lower uses, following
 * <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec layer.md</a>:
 * {@code .wh.NAME} becomes a 0:0 character device, {@code .wh..wh..opq} the
 * {@code overlay.opaque} xattr on its directory
 * (<a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>), and a whiteout
 * never hides an entry of its own layer. Files, directories, symlinks, hardlinks, devices (where
 * permitted), FIFOs, modes with setuid/setgid/sticky, owners, mtimes and PAX xattrs are kept.
 *
 * <p>Layers are untrusted, and applied as containerd's archive.Apply applies them: every name is
 * cleaned as if rooted at {@code /} ({@link EntryName}: a leading {@code /} is dropped, {@code ..}
 * stops at the root) and its parent resolved inside the root through the symlinks of this layer
 * and of the layers below ({@link RootedPath}, as openat2's {@code RESOLVE_IN_ROOT}); the entry
 * is then made by descriptor in the resolved directory, reached without following any symlink
 * ({@link LayerTree}), so nothing is ever written outside the root. Hardlinks name an earlier
 * entry of this layer or a file of the layers below; sizes and entry counts are limited. The diffID is computed
 * in the same pass and checked against the expected value. On any failure the target directory
 * is removed, so a partly applied layer is never left behind.
 */
public final class LayerApplier {
    /** Files at least this large get their writeback started as soon as they are written. */
    private static final long WRITEBACK_FROM = 1 << 20;
    /** While a large file is written, its writeback is started again after this many bytes. */
    private static final long WRITEBACK_EVERY = 8L << 20;

    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private final Host host;
    private final Syscalls sys;
    private final long maxEntries;
    private final long maxBytes;
    private final boolean devices;
    private final boolean skipDevices;
    private final boolean owners;
    private final String opaqueXattr;
    /** Whether this process takes the root path ({@code Syscalls#privilegedRoot}): host owners, devices, trusted xattrs. */
    private final boolean root;
    private final UserNamespaceMap ownersThrough;

    private LayerApplier(Builder b) {
        this.host = b.host;
        this.sys = b.sys;
        this.maxEntries = b.maxEntries;
        this.maxBytes = b.maxBytes;
        this.root = sys.privilegedRoot(); // root without CAP_SYS_ADMIN applies layers as a user does
        this.devices = b.devices != null ? b.devices : root;
        // Without root no device node can be made; a container gets its /dev from the runtime,
        // so by default they are left out (as rootless podman does) rather than failing the layer.
        this.skipDevices = b.devices == null && !root;
        this.owners = b.owners != null ? b.owners : root;
        this.opaqueXattr = Whiteouts.opaqueXattr(b.userXattr != null ? b.userXattr : !root);
        // Without root, owners go through the host user's subordinate ids when it has some.
        this.ownersThrough = b.ownersThrough != null ? b.ownersThrough
                : !root && b.owners == null ? b.subordinateIds.orElse(null) : null;
    }

    /**
     * An applier on {@code host} with the defaults: limits of 1,000,000 entries and 64 GiB,
     * devices and owners as root.
     */
    public static LayerApplier create(Host host) {
        return builder(host).build();
    }

    /** Options of an applier on {@code host}: its system calls, launcher and subordinate ids. */
    public static Builder builder(Host host) {
        return new Builder(host);
    }

    /** Options of a {@link LayerApplier}. */
    public static final class Builder {
        private final Host host;
        private Syscalls sys;
        private Optional<UserNamespaceMap> subordinateIds;
        private long maxEntries = 1_000_000;
        private long maxBytes = 64L << 30;
        private Boolean devices;
        private Boolean owners;
        private Boolean userXattr;
        private UserNamespaceMap ownersThrough;

        private Builder(Host host) {
            this.host = host;
            this.sys = host.syscalls();
            this.subordinateIds = host.subordinateIds();
        }

        /**
         * Gives entries their owners as the container sees them through {@code map}, for a
         * process without root: an unprivileged user cannot chown to its subordinate ids, so the
         * layer is written as the user (the container's root) and a pass of the stage-1 helper,
         * as root of a user namespace with {@code map}, then sets the owners
         * ({@link Launcher#changeOwners}). The alternative, keeping owners in a
         * {@code user.containers.override_stat} xattr as fuse-overlayfs does, would need FUSE,
         * which the kernel overlay cannot read. Ids beyond the map stay with the container's
         * root, readable rather than lost. Default without root: the user's map when
         * {@code /etc/subuid} grants it ranges.
         */
        public Builder ownersThrough(UserNamespaceMap map) {
            this.ownersThrough = map;
            return this;
        }

        /** The most tar entries one layer may have. */
        public Builder maxEntries(long n) {
            this.maxEntries = n;
            return this;
        }

        /** The most uncompressed bytes one layer may have (stream size, and file sizes including sparse ones). */
        public Builder maxBytes(long n) {
            this.maxBytes = n;
            return this;
        }

        /**
         * Whether device nodes may be created (default: as root); false makes a layer with one
         * fail. Left unset without root, device nodes are skipped.
         */
        public Builder devices(boolean allowed) {
            this.devices = allowed;
            return this;
        }

        /** Whether owners are set (default: as root). */
        public Builder owners(boolean keep) {
            this.owners = keep;
            return this;
        }

        /** Use {@code user.overlay.opaque} (an overlay with {@code userxattr}) instead of {@code trusted.}; default: when not root. */
        public Builder userXattr(boolean user) {
            this.userXattr = user;
            return this;
        }

        /** The system-call layer (tests may pass another). */
        public Builder syscalls(Syscalls s) {
            this.sys = s;
            this.subordinateIds = Optional.empty(); // another layer of calls gets no user namespace pass
            return this;
        }

        public LayerApplier build() {
            return new LayerApplier(this);
        }
    }

    /**
     * Applies {@code blob} into {@code target}, which must not exist yet (its parent must).
     *
     * @param mediaType the layer's media type, or null to go by the magic bytes alone
     * @param expectedDiffId {@code sha256:<hex>} the uncompressed stream must have, or null
     * @throws LayerException for a hostile or malformed entry, a limit, or a digest mismatch;
     *     {@code target} is then gone
     */
    public AppliedLayer apply(InputStream blob, String mediaType, Path target, String expectedDiffId) throws IOException {
        return apply(blob, mediaType, target, expectedDiffId, List.of());
    }

    /**
     * Applies {@code blob} into {@code target} as {@link #apply(InputStream, String, Path, String)}
     * does, onto the layer directories {@code lowers} (top first, as an overlay's lowerdir lists
     * them), as containerd applies a layer onto the merged view of its parents: names resolve
     * through the symlinks of the lower layers too (still inside the root), a hardlink may name a
     * file of a lower layer (which is copied up first, as overlayfs would), and a directory made
     * only as the parent of an entry takes the mode, owner, mtime and xattrs of the lower layers'
     * directory there. The lower layers are only read.
     */
    public AppliedLayer apply(InputStream blob, String mediaType, Path target, String expectedDiffId, List<Path> lowers)
            throws IOException {
        Files.createDirectory(target);
        boolean done = false;
        // The stream may exceed the content by its headers; the bound stops decompression bombs.
        long headers = maxEntries > Long.MAX_VALUE / 2048 ? Long.MAX_VALUE : maxEntries * 2048;
        long maxStream = saturatingAdd(saturatingAdd(maxBytes, headers), 1 << 20);
        try (DecompressingPipe pipe = new DecompressingPipe(blob, mediaType, maxStream);
                LayerTree tree = new LayerTree(sys, target);
                LowerLayers below = new LowerLayers(sys, lowers, opaqueXattr)) {
            Run run = new Run(tree, below, pipe);
            run.entries();
            SpareBuffers.LAYER_CHUNKS.give(run.buf); // every file is written (after a failure it is left to the GC)
            long size = pipe.drain();
            run.finishDirectories();
            String diffId = pipe.diffId();
            if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
                throw new LayerException("diffID mismatch: expected " + expectedDiffId + ", the layer has " + diffId);
            }
            if (ownersThrough != null && !run.ownerChanges.isEmpty()) {
                changeOwners(target, run);
            }
            if (run.skippedDevices > 0) {
                LoggerFactory.getLogger(LayerApplier.class).warn(
                        "layer " + diffId + ": left out " + run.skippedDevices + " device node(s), the first "
                        + run.firstSkippedDevice + ": without root no device node can be made, and a container"
                        + " gets its /dev from the runtime");
            }
            done = true;
            return new AppliedLayer(diffId, size, run.count, run.contentBytes + run.symlinkBytes, run.dependsOnLowers,
                    run.skippedDevices);
        } finally {
            if (!done) {
                FileTrees.delete(target);
            }
        }
    }

    private void changeOwners(Path target, Run run) throws LayerException {
        try {
            host.launcher().changeOwners(ownersThrough, target, List.copyOf(run.ownerChanges.values()));
        } catch (LaunchException e) {
            LayerException le = new LayerException("cannot give the layer's files their owners in a user namespace ("
                    + ownersThrough + "): " + e.getMessage());
            le.initCause(e);
            throw le;
        }
    }

    /** Metadata of a directory, set once all of its entries are written. */
    private record DirMeta(int mode, long uid, long gid, long mtimeNanos) {
    }

    /** The state of one application. */
    private final class Run {
        private final LayerTree tree;
        private final LowerLayers lowers;
        private final RootedPath rooted;
        private final LayerTarStream tar;
        private final Map<String, DirMeta> dirs = new LinkedHashMap<>();
        /** Taken from the stock the decompressing pipe uses too; given back when the layer is done. */
        private final byte[] buf = SpareBuffers.LAYER_CHUNKS.take();
        private final int umask = Umask.current();
        /** Owners for the user-namespace pass, by entry name (the last entry of a name wins). */
        private final Map<String, OwnerChange> ownerChanges = new LinkedHashMap<>();
        private long count;
        private long contentBytes;
        /** The symlinks' target lengths: a symlink's size, which dockerd's layer sizes count. */
        private long symlinkBytes;
        /** Whether a name went through what this layer did not make (see AppliedLayer). */
        private boolean dependsOnLowers;
        private long skippedDevices;
        private String firstSkippedDevice;

        Run(LayerTree tree, LowerLayers lowers, DecompressingPipe pipe) {
            this.tree = tree;
            this.lowers = lowers;
            this.rooted = new RootedPath(tree, lowers);
            tree.onImplicitDirectory(this::implicitDirectory);
            this.tar = new LayerTarStream(pipe);
        }

        void entries() throws IOException {
            String last = "(start of layer)";
            while (true) {
                TarArchiveEntry e;
                try {
                    e = tar.getNextEntry();
                } catch (LayerException le) {
                    throw le.entry() != null ? le : new LayerException(last, le.getMessage(), le);
                } catch (IOException | RuntimeException x) {
                    throw new LayerException(last, "malformed tar after this entry: " + x.getMessage(), x);
                }
                if (e == null) {
                    return;
                }
                if (e.isGlobalPaxHeader()) {
                    continue;
                }
                last = e.getName();
                if (++count > maxEntries) {
                    throw new LayerException(last, "more than the limit of " + maxEntries + " entries");
                }
                try {
                    entry(e);
                } catch (SyscallException x) {
                    throw new LayerException(last, x.getMessage(), x);
                } catch (LayerException x) {
                    throw x.entry() != null ? x : new LayerException(last, x.getMessage(), x);
                } catch (IOException | RuntimeException x) {
                    throw new LayerException(last, x.toString(), x);
                }
            }
        }

        private void entry(TarArchiveEntry e) throws IOException {
            String raw = e.getName();
            String cleaned = EntryName.normalise(raw, raw, "name");
            String base = EntryName.base(cleaned);
            // The parent is resolved inside the root; the last component is never followed.
            String name = EntryName.child(rooted.resolve(raw, EntryName.parent(cleaned)), base);
            if (base.startsWith(Whiteouts.PREFIX)) {
                whiteout(e, raw, name, base);
                return;
            }
            long size = e.isFile() ? Math.max(e.getRealSize(), e.getSize()) : 0;
            if (size < 0 || size > maxBytes - contentBytes) {
                throw new LayerException(raw, "declares " + size + " bytes, more than the limit of " + maxBytes
                        + " bytes for the layer");
            }
            contentBytes += size;
            if (name.isEmpty()) {
                if (!e.isDirectory()) {
                    throw new LayerException(raw, "names the layer root but is not a directory");
                }
                dirs.put("", meta(e));
                return;
            }
            String parent = EntryName.parent(name);
            int pfd = tree.dir(raw, parent);
            if (e.isDirectory()) {
                boolean deleted = tree.kind(name) == Kind.WHITEOUT;
                if (!tree.clear(raw, pfd, name, true)) {
                    sys.mkdirat(pfd, base, 0700);
                    tree.made(name, Kind.DIR);
                }
                if (deleted) {
                    opaque(pfd, base, name); // deleted from below, then made anew: the lower one's entries stay hidden
                }
                dirs.put(name, meta(e));
                xattrs(raw, LayerTree.procPath(pfd, base));
                return;
            }
            tree.clear(raw, pfd, name, false);
            dirs.remove(name);
            if (e.isLink()) {
                hardlink(e, raw, name);
                return;
            }
            Kind kind;
            if (e.isSymbolicLink()) {
                if (e.getLinkName().isEmpty()) {
                    throw new LayerException(raw, "symlink with an empty target");
                }
                sys.symlinkat(e.getLinkName(), pfd, base);
                symlinkBytes += e.getLinkName().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                kind = Kind.SYMLINK;
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                // A 0:0 character device is overlay's whiteout, not a device: anyone may make one.
                boolean whiteout = e.isCharacterDevice() && e.getDevMajor() == 0 && e.getDevMinor() == 0;
                if (!devices && !whiteout && skipDevices) {
                    skippedDevices++;
                    if (firstSkippedDevice == null) {
                        firstSkippedDevice = raw;
                    }
                    return;
                }
                if (!devices && !whiteout) {
                    throw new LayerException(raw, "device node not permitted here");
                }
                int type = e.isCharacterDevice() ? Syscalls.S_IFCHR : Syscalls.S_IFBLK;
                sys.mknodat(pfd, base, type | (e.getMode() & 0777), makedev(e.getDevMajor(), e.getDevMinor()));
                kind = Kind.SPECIAL;
            } else if (e.isFIFO()) {
                sys.mknodat(pfd, base, Syscalls.S_IFIFO | (e.getMode() & 0777), 0);
                kind = Kind.SPECIAL;
            } else if (e.isFile()) {
                file(e, raw, pfd, base);
                kind = Kind.FILE;
            } else {
                throw new LayerException(raw, "unsupported tar entry type '" + (char) e.getLinkFlag() + "'");
            }
            if (kind == Kind.SYMLINK) {
                tree.madeSymlink(name, e.getLinkName());
            } else {
                tree.made(name, kind);
            }
            String path = LayerTree.procPath(pfd, base);
            owner(e, name, pfd, base, kind == Kind.FILE ? tar.xattrs().get(FileCapability.XATTR) : null);
            int mode = e.getMode() & 07777;
            // A new file already has mode & ~umask. Other types, setuid/setgid/sticky (which chown
            // also clears) and bits the umask took away need a chmod; symlinks have no mode.
            boolean needsChmod = kind != Kind.FILE || (mode & ~0777) != 0 || (mode & umask) != 0;
            if (kind != Kind.SYMLINK && needsChmod) {
                sys.fchmodat(pfd, base, mode, 0);
            }
            xattrs(raw, path);
            long mtime = nanos(e);
            sys.utimensat(pfd, base, mtime, mtime, AT_SYMLINK_NOFOLLOW);
        }

        private void file(TarArchiveEntry e, String raw, int pfd, String base) throws IOException {
            Path p = Path.of(LayerTree.procPath(pfd, base));
            boolean sparse = e.isSparse();
            long expected = e.isSparse() ? e.getRealSize() : e.getSize();
            long pos = 0;
            long startedWriteback = 0;
            try (FileChannel ch = FileChannel.open(p, CREATE, Umask.attribute(e.getMode()))) {
                ByteBuffer bb = ByteBuffer.wrap(buf);
                int n;
                while ((n = tar.read(buf, 0, buf.length)) > 0) {
                    if (sparse && allZero(buf, n)) {
                        pos += n; // a hole: leave it unwritten
                        continue;
                    }
                    bb.clear().limit(n);
                    while (bb.hasRemaining()) {
                        pos += ch.write(bb, pos);
                    }
                    if (pos - startedWriteback >= WRITEBACK_EVERY) {
                        startedWriteback = pos; // a large file goes to disk while it is written, not all at the sync
                        startWriteback(pfd, base);
                    }
                }
                if (pos != expected) {
                    throw new LayerException(raw, "has " + pos + " bytes of data, the header declares " + expected);
                }
                if (sparse && ch.size() < pos) {
                    ch.write(ByteBuffer.wrap(new byte[1]), pos - 1);
                }
            } catch (FileAlreadyExistsException x) {
                throw new LayerException(raw, "exists already (a name this layer did not create)", x);
            }
            if (pos >= WRITEBACK_FROM) {
                startWriteback(pfd, base);
            }
        }

        /**
         * Starts the disk writes of a large file now, without waiting: the layer store syncs the
         * whole layer before it counts as complete, and that sync then finds little left to do.
         */
        private void startWriteback(int pfd, String base) {
            try {
                int fd = sys.openat(pfd, base, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC | Syscalls.O_NOFOLLOW, 0);
                try {
                    sys.startWriteback(fd);
                } finally {
                    sys.close(fd);
                }
            } catch (RuntimeException e) {
                // only an optimisation: the final sync writes it all the same
            }
        }

        private void hardlink(TarArchiveEntry e, String raw, String name) throws IOException {
            String cleaned = EntryName.normalise(raw, e.getLinkName(), "hardlink target");
            if (cleaned.isEmpty()) {
                throw new LayerException(raw, "hardlink to directory '" + e.getLinkName() + "' (the root)");
            }
            // As containerd's hardlinkRootPath: the target's parent resolves inside the root, the
            // target itself is never followed (a hardlink to a symlink links the symlink).
            String target = EntryName.child(rooted.resolve(raw, EntryName.parent(cleaned)), EntryName.base(cleaned));
            Kind k = tree.kind(target);
            if (k == null && !tree.hidesLower(target)) {
                LowerLayers.Found below = lowers.find(target);
                if (below != null && !below.stat().isDirectory()) {
                    k = copyUp(raw, below); // as overlayfs copies a lower file up before linking it
                }
            }
            if (k == null || k == Kind.WHITEOUT) {
                throw new LayerException(raw, "hardlink to '" + e.getLinkName()
                        + "', which is neither an earlier entry of this layer nor a file of the layers below");
            }
            if (k == Kind.DIR) {
                throw new LayerException(raw, "hardlink to directory '" + e.getLinkName() + "'");
            }
            // The target's directory first: opening the entry's own (which exists) then evicts
            // at most the eldest cached descriptor, never the target's.
            int tfd = tree.dir(raw, EntryName.parent(target));
            int pfd = tree.dir(raw, EntryName.parent(name));
            sys.linkat(tfd, EntryName.base(target), pfd, EntryName.base(name), 0);
            if (k == Kind.SYMLINK) {
                tree.madeSymlink(name, tree.linkTarget(target));
            } else {
                tree.made(name, k);
            }
        }

        /**
         * Copies the lower layers' file {@code f} into this layer at the same path, with its
         * mode, owner, xattrs and mtime, and returns what it is here.
         */
        private Kind copyUp(String raw, LowerLayers.Found f) throws IOException {
            String path = f.path();
            FileStat st = f.stat();
            int dfd = tree.dir(raw, EntryName.parent(path));
            String b = EntryName.base(path);
            int src = lowers.open(f);
            try {
                int now = FileStat.of(sys.statx(src, "", Syscalls.AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)).type();
                if (now != st.type()) { // never a fifo opened for reading in place of the file looked at
                    throw new LayerException(raw, "the lower layers' '" + path + "' changed while it was copied up");
                }
                Kind kind;
                if (st.isSymlink()) {
                    sys.symlinkat(f.linkTarget(), dfd, b);
                    kind = Kind.SYMLINK;
                } else if (st.isRegular()) {
                    if (st.size() > maxBytes - contentBytes) {
                        throw new LayerException(raw, "copying up '" + path + "' (" + st.size()
                                + " bytes) for a hardlink exceeds the limit of " + maxBytes + " bytes for the layer");
                    }
                    contentBytes += st.size();
                    try (FileChannel in = FileChannel.open(Path.of("/proc/self/fd/" + src), StandardOpenOption.READ);
                            FileChannel out = FileChannel.open(Path.of(LayerTree.procPath(dfd, b)), CREATE)) {
                        long n = in.size();
                        for (long pos = 0; pos < n; ) {
                            long m = in.transferTo(pos, n - pos, out);
                            if (m <= 0) {
                                break;
                            }
                            pos += m;
                        }
                    }
                    kind = Kind.FILE;
                } else if (st.type() == FileStat.S_IFIFO || devices) {
                    sys.mknodat(dfd, b, st.type() | st.permissions(), st.rdev());
                    kind = Kind.SPECIAL;
                } else {
                    throw new LayerException(raw, "hardlink to the device node '" + path
                            + "' of a lower layer, and device nodes are not permitted");
                }
                if (owners) {
                    sys.fchownat(dfd, b, st.uid(), st.gid(), AT_SYMLINK_NOFOLLOW);
                }
                if (kind != Kind.SYMLINK) {
                    sys.fchmodat(dfd, b, st.permissions(), 0);
                    copyXattrs(src, LayerTree.procPath(dfd, b));
                }
                sys.utimensat(dfd, b, st.mtimeNanos(), st.mtimeNanos(), AT_SYMLINK_NOFOLLOW);
                if (kind == Kind.SYMLINK) {
                    tree.madeSymlink(path, f.linkTarget());
                } else {
                    tree.made(path, kind);
                }
                return kind;
            } finally {
                sys.close(src);
            }
        }

        /** The xattrs of the file of descriptor {@code from} onto {@code to}, but overlay's own. */
        private void copyXattrs(int from, String to) {
            for (String x : sys.flistxattr(from)) {
                byte[] v = Whiteouts.isOverlayPrivate(x) ? null : sys.fgetxattr(from, x);
                if (v != null) {
                    sys.lsetxattr(to, x, v);
                }
            }
        }

        /**
         * A directory made only as the parent of an entry: where the lower layers have that
         * directory, it takes their mode, owner, mtime (set last, as for the layer's own
         * directories) and xattrs, as containerd's mkparent copies them, so the merged view does
         * not show the time of the apply; elsewhere it stays 0755, root's, as containerd's does.
         */
        private void implicitDirectory(String dir) {
            dependsOnLowers = true;
            if (tree.hidesLower(dir)) {
                return;
            }
            LowerLayers.Found below = lowers.find(dir);
            if (below == null || !below.stat().isDirectory()) {
                return;
            }
            FileStat st = below.stat();
            dirs.put(dir, new DirMeta(st.permissions(), st.uid(), st.gid(), st.mtimeNanos()));
            int src = lowers.open(below);
            int fd = tree.openDirectory(dir);
            try {
                copyXattrs(src, "/proc/self/fd/" + fd);
            } finally {
                sys.close(fd);
                sys.close(src);
            }
        }

        private void whiteout(TarArchiveEntry e, String raw, String name, String base) throws IOException {
            String dir = EntryName.parent(name);
            if (base.equals(Whiteouts.OPAQUE)) {
                opaque(tree.dir(raw, dir), ".", dir);
                return;
            }
            if (base.startsWith(Whiteouts.AUFS_META)) {
                return; // aufs bookkeeping (.wh..wh.plnk and such): meaningless here
            }
            String hidden = base.substring(Whiteouts.PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new LayerException(raw, "whiteout without a valid name to delete");
            }
            String path = EntryName.child(dir, hidden);
            int dfd = tree.dir(raw, dir);
            Kind own = tree.kind(path);
            if (own == Kind.DIR) {
                opaque(dfd, hidden, path); // keeps the layer's own directory, hides what is below it
            }
            if (own != null) {
                return; // the layer's own entry (or an earlier whiteout): a whiteout never hides it
            }
            sys.mknodat(dfd, hidden, Syscalls.S_IFCHR, 0);
            tree.made(path, Kind.WHITEOUT);
            // Owned as the entry says, as containerd's overlay whiteout conversion chowns it.
            owner(e, path, dfd, hidden, null);
        }

        /** Marks directory {@code name} in {@code dirFd} ("." for itself) opaque to the layers below. */
        private void opaque(int dirFd, String name, String path) {
            sys.lsetxattr(LayerTree.procPath(dirFd, name), opaqueXattr, new byte[] {'y'});
            tree.madeOpaque(path);
        }

        private void owner(TarArchiveEntry e, String name, int pfd, String base, byte[] capability) {
            long uid = e.getLongUserId();
            long gid = e.getLongGroupId();
            recordOwner(name, uid, gid, e.isSymbolicLink() ? -1 : e.getMode() & 07777, capability);
            if (owners && !(uid == 0 && gid == 0 && root)) { // root creates files as 0:0 anyway
                sys.fchownat(pfd, base, (int) uid, (int) gid, AT_SYMLINK_NOFOLLOW);
            }
        }

        /**
         * Remembers an owner for the user-namespace pass: ids the map does not cover stay the
         * container root's; root's own entries need no change (they are the user's already)
         * unless they have file capabilities, which only that pass can write.
         */
        void recordOwner(String name, long uid, long gid, int mode, byte[] capability) {
            ownerChanges.remove(name);
            if (ownersThrough == null) {
                return;
            }
            long u = ownersThrough.hostUid(uid).isPresent() ? uid : 0;
            long g = ownersThrough.hostGid(gid).isPresent() ? gid : 0;
            if (u != 0 || g != 0 || capability != null) {
                ownerChanges.put(name, new OwnerChange(name.isEmpty() ? "." : name, u, g,
                        (mode & 06000) != 0 ? mode : -1, capability));
            }
        }

        private void xattrs(String raw, String path) throws LayerException {
            for (Map.Entry<String, byte[]> x : tar.xattrs().entrySet()) {
                if (Whiteouts.isOverlayPrivate(x.getKey())) {
                    throw new LayerException(raw, "carries the overlay-private xattr " + x.getKey());
                }
                if (x.getKey().equals(FileCapability.XATTR) && ownersThrough != null) {
                    FileCapability.check(raw, x.getValue());
                    // Written by the user-namespace pass (recordOwner), where the kernel accepts it;
                    // it means nothing but on a regular file, so elsewhere it is left out.
                    continue;
                }
                sys.lsetxattr(path, x.getKey(), x.getValue());
            }
        }

        private DirMeta meta(TarArchiveEntry e) {
            return new DirMeta(e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), nanos(e));
        }

        /** Directory metadata last: writing entries changes a directory's mtime, and mode 0555 would block them. */
        void finishDirectories() {
            List<Map.Entry<String, DirMeta>> all = new ArrayList<>(dirs.entrySet());
            for (int i = all.size() - 1; i >= 0; i--) {
                String dir = all.get(i).getKey();
                DirMeta m = all.get(i).getValue();
                int fd = tree.openDirectory(dir);
                if (fd < 0) {
                    continue;
                }
                try {
                    String self = "/proc/self/fd/" + fd;
                    if (owners) {
                        sys.fchownat(AT_FDCWD, self, (int) m.uid(), (int) m.gid(), 0);
                    }
                    recordOwner(dir, m.uid(), m.gid(), m.mode(), null);
                    sys.fchmodat(AT_FDCWD, self, m.mode(), 0);
                    sys.utimensat(AT_FDCWD, self, m.mtimeNanos(), m.mtimeNanos(), 0);
                } finally {
                    sys.close(fd);
                }
            }
        }
    }

    private static long nanos(TarArchiveEntry e) {
        java.nio.file.attribute.FileTime t = e.getLastModifiedTime();
        java.time.Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The kernel's encoding of a device number (as glibc's makedev). */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }
}
