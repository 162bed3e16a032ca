package dev.berth.overlayfs.diff;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.userns.UserNamespaceMap;
import dev.berth.overlayfs.FileCapability;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.OpenedEntry;
import dev.berth.overlayfs.Whiteouts;
import dev.berth.overlayfs.apply.LayerCompression;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a container's changes into an OCI layer
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec layer.md</a>):
 * from an overlay upper directory, where a 0:0 character device becomes {@code .wh.NAME} and an
 * opaque directory gets {@code .wh..wh..opq}
 * (<a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>), or, for the copy
 * driver, by comparing a directory with the merged view of the layers it was copied from.
 *
 * <p>Entries come in sorted order with only the fields a layer needs (no atime, ctime or user
 * names), whole-second mtimes clamped to {@code SOURCE_DATE_EPOCH} when that is set, and
 * overlay-private xattrs left out. Whiteouts carry what containerd's ChangeWriter writes for a
 * deletion: 0:0, mode 0, and the time of the diff (or {@code SOURCE_DATE_EPOCH}) as mtime,
 * atime and ctime. So with {@code SOURCE_DATE_EPOCH} set the same changes give the same diffID.
 * Hardlinks stay hardlinks (see {@link HardlinkGroups}).
 */
public final class LayerDiff {
    private static final long OVERFLOW_ID = 65534;

    private final Host host;
    private final Syscalls sys;
    private final Long sourceDateEpoch;
    private final LayerCompression compression;
    private UserNamespaceMap ids;
    /** The whiteouts' time when a parent JVM chose it (see UserNamespaceDiff), else null. */
    private Instant whiteoutTime;

    private LayerDiff(Host host, Long sourceDateEpoch, LayerCompression compression) {
        this.host = host;
        this.sys = host.syscalls();
        this.sourceDateEpoch = sourceDateEpoch;
        this.compression = compression;
    }

    /**
     * Writes owners as the container saw them through {@code map} (host ids outside it become
     * 65534, the kernel's overflow id); null writes host ids. Default: this user's map when not root.
     */
    public LayerDiff ids(UserNamespaceMap map) {
        LayerDiff d = new LayerDiff(host, sourceDateEpoch, compression);
        d.ids = map;
        return d;
    }

    private long uid(FileStat st) {
        return ids == null ? st.uid() : ids.containerUid(st.uid()).orElse(OVERFLOW_ID);
    }

    private long gid(FileStat st) {
        return ids == null ? st.gid() : ids.containerGid(st.gid()).orElse(OVERFLOW_ID);
    }

    /** Uncompressed, clamping mtimes to the {@code SOURCE_DATE_EPOCH} environment variable if set. */
    public static LayerDiff create(Host host) {
        String env = System.getenv("SOURCE_DATE_EPOCH");
        Long epoch = env == null || env.isBlank() ? null : Long.parseLong(env.trim());
        LayerDiff d = new LayerDiff(host, epoch, LayerCompression.NONE);
        return host.isRoot() ? d : d.ids(UserNamespaceMap.ofCurrentUser());
    }

    /** Clamps every mtime to at most {@code epochSeconds}; null for no clamping. */
    public LayerDiff sourceDateEpoch(Long epochSeconds) {
        return new LayerDiff(host, epochSeconds, compression).ids(ids);
    }

    /** Compresses what is written (the diffID stays that of the uncompressed tar). */
    public LayerDiff compression(LayerCompression c) {
        return new LayerDiff(host, sourceDateEpoch, Objects.requireNonNull(c)).ids(ids);
    }

    /**
     * Writes the changes held in overlay upper directory {@code upper} to {@code out} (left
     * open). Without root, an upper with files this user may not read (those of another
     * container user, mode 0700 or 0600) is read through its user namespace
     * ({@link UserNamespaceDiff}).
     */
    public DiffResult ofUpper(Path upper, OutputStream out) throws IOException {
        return ofUpper(upper, List.of(), out);
    }

    /**
     * As {@link #ofUpper(Path, OutputStream)} for an upper over {@code lowers} (highest first, as
     * it was mounted): lower names of a hardlinked file that the container changed through
     * another name, and that the overlay (mounted with {@code index=on}) shows as that same file,
     * are written as hardlinks to it ({@link LowerAliases}).
     */
    public DiffResult ofUpper(Path upper, List<Path> lowers, OutputStream out) throws IOException {
        try (Writer w = new Writer(out)) {
            if (ids != null && !ids.isSingle() && FileTrees.hasUnreadable(sys, List.of(upper))) {
                // A user namespace's overlay has userxattr, so no index: no lower names to find.
                w.entries += UserNamespaceDiff.write(host.launcher(), ids, upper, sourceDateEpoch, w.whiteoutTime,
                        w.tar.entrySink());
            } else {
                upperDir(w, upper, lowers);
            }
            return w.finish();
        }
    }

    /**
     * For {@link UserNamespaceDiff}: a diff that writes owners as this process sees them (in a
     * user namespace, the container's ids), uncompressed.
     */
    static LayerDiff inUserNamespace(Host host, Long sourceDateEpoch, Instant whiteoutTime) {
        LayerDiff d = new LayerDiff(host, sourceDateEpoch, LayerCompression.NONE);
        d.whiteoutTime = whiteoutTime;
        return d;
    }

    /** The entries of {@code upper} without the end of the archive, flushed to {@code out}; returns their count. */
    long entriesOfUpper(Path upper, OutputStream out) throws IOException {
        try (Writer w = new Writer(out)) {
            upperDir(w, upper, List.of());
            w.tar.flush();
            return w.entries;
        }
    }

    /**
     * Writes the difference between the merged view of {@code layers} (highest first, overlay
     * form) and directory {@code changed}, which started as a copy of them, to {@code out}.
     */
    public DiffResult ofCopy(List<Path> layers, Path changed, OutputStream out) throws IOException {
        try (Writer w = new Writer(out)) {
            // As for an upper: what this user may not read is compared in the user namespace.
            if (ids != null && !ids.isSingle() && FileTrees.hasUnreadable(sys, List.of(changed)) || FileTrees.hasUnreadable(sys, layers)) {
                w.entries += UserNamespaceDiff.writeCopy(host.launcher(), ids, layers, changed, sourceDateEpoch, w.whiteoutTime,
                        w.tar.entrySink());
            } else {
                compareDir(w, layers, changed);
            }
            return w.finish();
        }
    }

    /** {@link #entriesOfUpper} for the copy driver's comparison. */
    long entriesOfCopy(List<Path> layers, Path changed, OutputStream out) throws IOException {
        try (Writer w = new Writer(out)) {
            compareDir(w, layers, changed);
            w.tar.flush();
            return w.entries;
        }
    }

    /*
     * The container runs while it is committed, and any of its processes may swap a directory or
     * file for a symlink to the host's between two steps of the walk. So the tree it changes
     * (the upper, or the copied root) is walked by descriptor: every entry is opened from its
     * parent's descriptor without following a symlink, and described, listed and read through
     * that descriptor (OpenedEntry); nothing outside the tree is reached. An entry swapped between
     * the listing and the open is taken as it is at the open.
     */

    private void upperDir(Writer w, Path upper, List<Path> lowers) throws IOException {
        try (OpenedEntry root = OpenedEntry.root(sys, upper)) {
            upperDir(w, root, "", new LowerAliases(sys, lowers, root));
        }
    }

    private void upperDir(Writer w, OpenedEntry dir, String rel, LowerAliases aliases) throws IOException {
        for (String name : dir.names()) {
            try (OpenedEntry e = dir.child(name)) {
                if (e == null) {
                    continue; // removed since the listing: the layer is taken without it
                }
                String path = rel.isEmpty() ? name : rel + "/" + name;
                FileStat st = e.stat();
                if (st.isWhiteout()) {
                    w.whiteout(path);
                } else if (st.isDirectory()) {
                    w.entry(path, e, st);
                    if (LayerStack.isOpaque(e)) {
                        w.marker(path + "/" + Whiteouts.OPAQUE);
                    }
                    upperDir(w, e, path, aliases);
                } else {
                    w.entry(path, e, st);
                    for (String alias : aliases.of(path, e, st)) {
                        w.unchanged(alias, st); // its upper name is written: a hardlink to it
                    }
                }
            }
        }
    }

    private void compareDir(Writer w, List<Path> layers, Path changed) throws IOException {
        try (OpenedEntry root = OpenedEntry.root(sys, changed)) {
            compareDir(w, new LayerStack(sys, layers).root(), root, "");
        }
    }

    /** Entries that changed between merged node {@code base} and directory {@code dir}. */
    private void compareDir(Writer w, LayerStack.Node base, OpenedEntry dir, String rel) throws IOException {
        Map<String, LayerStack.Node> before = new TreeMap<>();
        for (LayerStack.Node n : base.children()) {
            before.put(n.path().substring(n.path().lastIndexOf('/') + 1), n);
        }
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(dir.names());
        for (String name : names) {
            String path = rel.isEmpty() ? name : rel + "/" + name;
            LayerStack.Node b = before.get(name);
            try (OpenedEntry e = dir.child(name)) {
                if (e == null) {
                    if (b != null) { // else made and removed again while the walk ran
                        w.whiteout(path);
                    }
                    continue;
                }
                FileStat now = e.stat();
                if (b == null || b.stat().isDirectory() != now.isDirectory()) {
                    w.tree(path, e, now);
                } else if (now.isDirectory()) {
                    boolean changed = !sameMetadata(b.source(), b.stat(), e);
                    w.pushDirectory(path, e, now, changed);
                    compareDir(w, b, e, path);
                    w.popDirectory();
                } else if (!sameMetadata(b.source(), b.stat(), e)) {
                    w.entry(path, e, now);
                } else if (now.nlink() > 1) {
                    w.unchanged(path, now);
                }
            }
        }
    }

    /** Whether {@code b} (of the copied root) has the metadata of {@code a} (of a layer). */
    private boolean sameMetadata(Path a, FileStat sa, OpenedEntry b) throws IOException {
        FileStat sb = b.stat();
        if (sa.mode() != sb.mode() || sa.uid() != sb.uid() || sa.gid() != sb.gid() || sa.rdev() != sb.rdev()) {
            return false;
        }
        if (!sa.isDirectory() && (sa.size() != sb.size() || sa.mtimeNanos() != sb.mtimeNanos())) {
            return false;
        }
        if (sa.isSymlink() && !Files.readSymbolicLink(a).toString().equals(b.linkTarget())) {
            return false;
        }
        return xattrsEqual(xattrs(sys.llistxattr(a.toString()), n -> sys.lgetxattr(a.toString(), n)), xattrs(b));
    }

    private static boolean xattrsEqual(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private Map<String, byte[]> xattrs(OpenedEntry e) {
        return xattrs(e.xattrNames(), e::xattr);
    }

    private Map<String, byte[]> xattrs(List<String> names, java.util.function.Function<String, byte[]> get) {
        Map<String, byte[]> out = new TreeMap<>();
        for (String name : names) {
            if (!Whiteouts.isOverlayPrivate(name)) {
                byte[] v = get.apply(name);
                if (v != null && ids != null && name.equals(FileCapability.XATTR)) {
                    // As the container saw it: the host keeps it as v3 with the host uid of its root.
                    v = FileCapability.asSeenBy(v, ids.hostUid(0).orElse(-1));
                }
                if (v != null) {
                    out.put(name, v);
                }
            }
        }
        return out;
    }

    /** The tar being written, with the digests on both sides of the compressor. */
    private final class Writer implements AutoCloseable {
        private final MessageDigest diffId = sha256();
        private final MessageDigest digest = sha256();
        private final CountingStream counted;
        private final OutputStream compressor;
        private final TarWriter tar;
        private final HardlinkGroups links = new HardlinkGroups();
        /** Unchanged directories (path, entry, status) whose headers wait for a change below them. */
        private final Deque<Object[]> pendingDirs = new ArrayDeque<>();
        /**
         * The time of every whiteout: as containerd's ChangeWriter, the time the diff starts, or
         * {@code SOURCE_DATE_EPOCH} when set (containerd's WithWhiteoutTime).
         */
        final Instant whiteoutTime;
        private long entries;

        Writer(OutputStream out) throws IOException {
            whiteoutTime = LayerDiff.this.whiteoutTime != null ? LayerDiff.this.whiteoutTime
                    : sourceDateEpoch != null ? Instant.ofEpochSecond(sourceDateEpoch) : Instant.now();
            counted = new CountingStream(new DigestOutputStream(new Unclosable(out), digest));
            switch (compression) {
                case GZIP:
                    compressor = new GZIPOutputStream(counted, 1 << 16);
                    break;
                case ZSTD:
                    compressor = new com.github.luben.zstd.ZstdOutputStream(counted);
                    break;
                default:
                    compressor = counted;
            }
            // Uncompressed, the blob is the tar: one digest serves as both (half the hashing).
            tar = new TarWriter(new java.io.BufferedOutputStream(
                    compressor == counted ? compressor : new DigestOutputStream(compressor, diffId), 1 << 16));
        }

        long mtime(FileStat st) {
            long s = Math.floorDiv(st.mtimeNanos(), 1_000_000_000L);
            return sourceDateEpoch != null ? Math.min(s, sourceDateEpoch) : s;
        }

        /** A directory whose header is written only if it changed or something below it is written. */
        void pushDirectory(String path, OpenedEntry e, FileStat st, boolean changed) throws IOException {
            pendingDirs.addLast(new Object[] {path, e, st});
            if (changed) {
                flushDirectories();
            }
        }

        void popDirectory() {
            if (!pendingDirs.isEmpty()) {
                pendingDirs.removeLast();
            }
        }

        private void flushDirectories() throws IOException {
            while (!pendingDirs.isEmpty()) {
                Object[] d = pendingDirs.removeFirst();
                write((String) d[0], (OpenedEntry) d[1], (FileStat) d[2]);
            }
        }

        void whiteout(String path) throws IOException {
            int slash = path.lastIndexOf('/');
            marker(path.substring(0, slash + 1) + Whiteouts.PREFIX + path.substring(slash + 1));
        }

        /**
         * A whiteout or opaque marker with the header containerd's ChangeWriter gives a deletion:
         * an empty regular file, mode 0, owned by 0:0 whoever owned what it deletes, its
         * modification, access and change times all {@link #whiteoutTime} (in PAX records, as
         * Go's archive/tar writes a header with access and change times).
         */
        void marker(String name) throws IOException {
            flushDirectories();
            tar.write(new TarWriter.Header(name, TarWriter.REGULAR, 0, 0, 0, 0, whiteoutTime.getEpochSecond(), null, 0, 0,
                    Map.of(), whiteoutTime), null);
            entries++;
        }

        void entry(String path, OpenedEntry e, FileStat st) throws IOException {
            flushDirectories();
            write(path, e, st);
        }

        /** {@code e} and everything below it. */
        void tree(String path, OpenedEntry e, FileStat st) throws IOException {
            entry(path, e, st);
            if (st.isDirectory()) {
                for (String name : e.names()) {
                    try (OpenedEntry c = e.child(name)) {
                        if (c != null) {
                            tree(path + "/" + name, c, c.stat());
                        }
                    }
                }
            }
        }

        /**
         * An unchanged name of an inode with other names: a hardlink to the name it was written
         * as, or, when none is written yet, remembered until one is (containerd's unmodified
         * change of a linked file).
         */
        void unchanged(String path, FileStat st) throws IOException {
            String first = links.writtenAs(st.ino());
            if (first == null) {
                links.waitFor(st.ino(), path);
                return;
            }
            flushDirectories();
            hardlink(path, first, st);
        }

        private void hardlink(String path, String target, FileStat st) throws IOException {
            entries++;
            tar.write(new TarWriter.Header(path, TarWriter.HARDLINK, st.permissions(), uid(st), gid(st), 0,
                    mtime(st), target, 0, 0, Map.of()), null);
        }

        private void write(String path, OpenedEntry e, FileStat st) throws IOException {
            List<String> alsoNamed = List.of();
            if (!st.isDirectory() && st.nlink() > 1) {
                String first = links.writtenAs(st.ino());
                if (first != null) {
                    hardlink(path, first, st);
                    return;
                }
                alsoNamed = links.first(st.ino(), path);
            }
            writeWhole(path, e, st);
            for (String other : alsoNamed) {
                hardlink(other, path, st);
            }
        }

        private void writeWhole(String path, OpenedEntry e, FileStat st) throws IOException {
            Map<String, byte[]> x = xattrs(e);
            long mtime = mtime(st);
            entries++;
            switch (st.type()) {
                case FileStat.S_IFDIR:
                    tar.write(header(path + "/", TarWriter.DIRECTORY, st, mtime, null, x), null);
                    break;
                case FileStat.S_IFREG:
                    try (InputStream in = e.content()) {
                        tar.write(header(path, TarWriter.REGULAR, st, mtime, null, x), in);
                    }
                    break;
                case FileStat.S_IFLNK:
                    tar.write(header(path, TarWriter.SYMLINK, st, mtime, e.linkTarget(), x), null);
                    break;
                case FileStat.S_IFCHR:
                case FileStat.S_IFBLK:
                    tar.write(header(path, st.type() == FileStat.S_IFCHR ? TarWriter.CHAR : TarWriter.BLOCK, st, mtime,
                            null, x), null);
                    break;
                case FileStat.S_IFIFO:
                    tar.write(header(path, TarWriter.FIFO, st, mtime, null, x), null);
                    break;
                default:
                    entries--; // sockets cannot be in a tar and mean nothing in an image
            }
        }

        private TarWriter.Header header(String name, byte type, FileStat st, long mtime, String link, Map<String, byte[]> x) {
            return new TarWriter.Header(name, type, st.permissions(), uid(st), gid(st), st.size(), mtime, link,
                    st.major(), st.minor(), x);
        }

        DiffResult finish() throws IOException {
            tar.finish();
            if (compressor instanceof GZIPOutputStream gz) {
                gz.finish();
            } else if (compressor != counted) {
                compressor.close(); // zstd: ends the frame; the caller's stream is shielded by Unclosable
            }
            counted.flush();
            String dg = "sha256:" + java.util.HexFormat.of().formatHex(digest.digest());
            String id = compressor == counted ? dg : "sha256:" + java.util.HexFormat.of().formatHex(diffId.digest());
            return new DiffResult(id, dg, counted.count, entries);
        }

        @Override
        public void close() {
            // nothing to release: the caller owns the output stream
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts bytes on their way out. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Keeps the caller's stream open when the compressor is closed to end its frame. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
