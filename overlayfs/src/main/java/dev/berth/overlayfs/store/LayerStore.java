package dev.berth.overlayfs.store;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.apply.AppliedLayer;
import dev.berth.overlayfs.apply.LayerApplier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unpacked layers, content-addressed by chain id
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec config.md</a>),
 * in a directory of the caller's choosing:
 * <pre>
 * root/lock                       the store lock (see StoreLock)
 * root/layers/HEX/diff/           the layer's files in overlay form
 * root/layers/HEX/layer.properties  chainId, diffId, parent, size, contentSize
 * root/l/SHORT -> ../layers/HEX/diff   short paths for mount option strings
 * root/refs/HEX/HOLDER            one file per holder of a reference
 * root/tmp/ID/, root/tmp/ID.lock  layers being applied, and their liveness locks
 * </pre>
 * A layer is applied into {@code tmp/}, its diffID checked, the file system synced, and only then
 * renamed into {@code layers/}, so a crash or a bad digest never leaves anything that is later
 * taken as complete. Several threads and JVMs may use one store at once; references are named
 * (one file per holder), and garbage collection removes layers that nothing references and that
 * no other layer is built on.
 */
public final class LayerStore {
    private static final String META = "layer.properties";
    private static final Map<Path, Set<String>> STAGING = new ConcurrentHashMap<>();
    /** Puts of one chain id in this JVM take turns (striped, so the set of locks stays bounded). */
    private static final Object[] PUTTING = new Object[64];

    static {
        for (int i = 0; i < PUTTING.length; i++) {
            PUTTING[i] = new Object();
        }
    }

    private final Path root;
    private final Path layers;
    private final Path tmp;
    private final Path refs;
    /** Names a holder file while it is written, before its rename. */
    private static final String PARTIAL = ".partial-";
    private final Path links;
    private final StoreLock lock;
    private final LayerApplier applier;
    private final Syscalls sys;
    private final Set<String> staging;

    private LayerStore(Path root, LayerApplier applier, Syscalls sys) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.layers = Files.createDirectories(this.root.resolve("layers"));
        this.tmp = Files.createDirectories(this.root.resolve("tmp"));
        this.refs = Files.createDirectories(this.root.resolve("refs"));
        this.links = Files.createDirectories(this.root.resolve("l"));
        this.lock = StoreLock.forFile(this.root.resolve("lock"));
        this.applier = applier;
        this.sys = sys;
        this.staging = STAGING.computeIfAbsent(this.root, k -> ConcurrentHashMap.newKeySet());
    }

    /** Opens (creating if needed) the store in {@code root}, applying layers with the default applier. */
    public static LayerStore open(Path root, Host host) throws IOException {
        return new LayerStore(root, LayerApplier.create(host), host.syscalls());
    }

    /**
     * Opens the store in {@code root}, applying layers with {@code applier} (its limits and
     * options) and syncing through {@code sys}.
     */
    public static LayerStore open(Path root, LayerApplier applier, Syscalls sys) throws IOException {
        return new LayerStore(root, applier, sys);
    }

    public Path root() {
        return root;
    }

    /**
     * The layer with diffID {@code diffId} on top of chain {@code parent} (null for a base layer):
     * returned at once if the store has it, else applied from {@code blob} (tar, tar+gzip or
     * tar+zstd) and checked against {@code diffId}. The parent must be in the store, and stay
     * there: hold a reference to it while its children are put.
     */
    public StoredLayer put(ChainId parent, String diffId, String mediaType, InputStream blob) throws IOException {
        return put(parent, diffId, mediaType, blob, null);
    }

    /**
     * As {@link #put(ChainId, String, String, InputStream)}, and records a reference by
     * {@code holder} in the same step, so that no garbage collection can come between.
     */
    public StoredLayer put(ChainId parent, String diffId, String mediaType, InputStream blob, String holder)
            throws IOException {
        ChainId id = ChainId.of(parent, diffId);
        synchronized (PUTTING[Math.floorMod((root + "/" + id.hex()).hashCode(), PUTTING.length)]) {
            try (StoreLock.Hold held = lock.exclusive()) {
                Optional<StoredLayer> have = get(id);
                if (have.isPresent()) {
                    return retained(have.get(), holder);
                }
                requireParent(parent, id);
            }
            // Applied onto the parent's layers, as containerd applies onto the parent snapshot.
            List<Path> lowers = new ArrayList<>();
            for (StoredLayer l : parent == null ? List.<StoredLayer>of() : stack(parent)) {
                lowers.add(l.diff());
            }
            try (StagedLayer staged = stage(diffId, mediaType, blob, lowers)) {
                return commit(parent, staged, holder);
            }
        }
    }

    /**
     * Applies {@code blob} into a staging directory and checks it against {@code diffId}, without
     * needing its parent in the store yet: a puller stages layers while they download, several at
     * once, and commits them in chain order. Closing the result before {@link #commit} removes it.
     */
    public StagedLayer stage(String diffId, String mediaType, InputStream blob) throws IOException {
        return stage(diffId, mediaType, blob, List.of());
    }

    /**
     * As {@link #stage(String, String, InputStream)}, applied onto {@code lowers} (the layer
     * directories below it, highest first, as {@link #put} gives the parent's layers): what a
     * build stages on the layers its stage has so far, stored or staged.
     */
    public StagedLayer stage(String diffId, String mediaType, InputStream blob, List<Path> lowers) throws IOException {
        Staging s = stage();
        try {
            AppliedLayer a = applier.apply(blob, mediaType, s.dir.resolve("diff"), diffId, lowers);
            return new StagedLayer(diffId, a.uncompressedSize(), a.contentSize(), a.dependsOnLowers() && lowers.isEmpty(),
                    s::close, s.dir);
        } catch (IOException | RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    /**
     * Moves a staged layer into the store on top of {@code parent}, which must be there (hold a
     * reference to it), with a reference by {@code holder}. When the store already has the layer
     * (another thread or JVM was first), that one is returned and the staged copy is dropped.
     */
    public StoredLayer commit(ChainId parent, StagedLayer staged, String holder) throws IOException {
        return commitAll(parent, List.of(staged), holder).get(0);
    }

    /**
     * Commits a chain of staged layers, each on top of the one before and the first on
     * {@code parent}, with one file-system sync for all of them before any becomes complete: a
     * pull that staged its layers while they downloaded pays for one sync, not one per layer.
     * Every staged layer is closed afterwards, committed or not.
     */
    public List<StoredLayer> commitAll(ChainId parent, List<StagedLayer> chain, String holder) throws IOException {
        try {
            List<ChainId> ids = new ArrayList<>();
            ChainId p = parent;
            for (StagedLayer staged : chain) {
                ChainId id = ChainId.of(p, staged.diffId());
                writeMeta(staged.dir(), id, staged.diffId(), p, staged.size(), staged.contentSize());
                ids.add(id);
                p = id;
            }
            List<StoredLayer> stored = new ArrayList<>();
            try (StoreLock.Hold held = lock.exclusive()) {
                boolean synced = false;
                p = parent;
                for (int i = 0; i < chain.size(); i++) {
                    ChainId id = ids.get(i);
                    Optional<StoredLayer> have = get(id);
                    if (have.isEmpty()) {
                        requireParent(p, id);
                        Files.writeString(chain.get(i).dir().resolve("link"), shortLink(id));
                        if (!synced) {
                            syncFileSystem(chain.get(i).dir()); // one syncfs covers every staged layer
                            synced = true;
                        }
                        Files.move(chain.get(i).dir(), layers.resolve(id.hex()), StandardCopyOption.ATOMIC_MOVE);
                        have = Optional.of(get(id).orElseThrow(() -> new IOException("layer " + id + " unreadable after it was stored")));
                    }
                    stored.add(retained(have.get(), holder));
                    p = id;
                }
                if (synced) {
                    AtomicFile.syncDirectory(layers);
                }
            }
            return stored;
        } finally {
            for (StagedLayer staged : chain) {
                staged.close();
            }
        }
    }

    /** Adds {@code holder}'s reference (if any); the caller holds the store lock. */
    private StoredLayer retained(StoredLayer l, String holder) throws IOException {
        if (holder != null) {
            Path dir = Files.createDirectories(refs.resolve(l.chainId().hex()));
            // Written aside and renamed: a writer killed midway leaves no empty holder behind.
            Path partial = dir.resolve(PARTIAL + UUID.randomUUID());
            Files.writeString(partial, holder);
            AtomicFile.rename(partial, dir.resolve(holderFile(holder)));
        }
        return l;
    }

    private void requireParent(ChainId parent, ChainId id) throws LayerException {
        if (parent != null && get(parent).isEmpty()) {
            throw new LayerException("layer " + id + ": parent " + parent + " is not in the store " + root);
        }
    }

    /** The complete layer {@code id}, if the store has it. */
    public Optional<StoredLayer> get(ChainId id) {
        Path dir = layers.resolve(id.hex());
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(META), StandardCharsets.UTF_8)) {
            p.load(r);
            String parent = p.getProperty("parent", "");
            String shortName = Files.readString(dir.resolve("link")).trim();
            return Optional.of(new StoredLayer(new ChainId(p.getProperty("chainId")), p.getProperty("diffId"),
                    parent.isEmpty() ? null : new ChainId(parent), dir.resolve("diff"), links.resolve(shortName),
                    Long.parseLong(p.getProperty("size", "0")), Long.parseLong(p.getProperty("contentSize", "-1"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable metadata: not a complete layer
        }
    }

    /** Every complete layer. */
    public List<StoredLayer> list() throws IOException {
        List<StoredLayer> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layers)) {
            for (Path d : ds) {
                String name = d.getFileName().toString();
                if (name.matches("[0-9a-f]{64}")) {
                    get(new ChainId("sha256:" + name)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** The layers of chain {@code top}, highest first, as an overlay stacks them. */
    public List<StoredLayer> stack(ChainId top) throws LayerException {
        List<StoredLayer> out = new ArrayList<>();
        for (ChainId c = top; c != null; ) {
            ChainId at = c;
            StoredLayer l = get(c).orElseThrow(() -> new LayerException("layer " + at + " is not in the store " + root));
            out.add(l);
            c = l.parent();
        }
        return out;
    }

    /** Records that {@code holder} (a container or image name) uses layer {@code id}. */
    public void retain(ChainId id, String holder) throws IOException {
        try (StoreLock.Hold held = lock.exclusive()) {
            retained(get(id).orElseThrow(() -> new LayerException("layer " + id + " is not in the store " + root)), holder);
        }
    }

    /** Drops {@code holder}'s reference to {@code id}; dropping a reference not held does nothing. */
    public void release(ChainId id, String holder) throws IOException {
        try (StoreLock.Hold held = lock.exclusive()) {
            Path dir = refs.resolve(id.hex());
            Files.deleteIfExists(dir.resolve(holderFile(holder)));
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // other holders remain
            }
        }
    }

    /** How many holders reference {@code id} (layers built on it are not counted here). */
    public int references(ChainId id) throws IOException {
        Path dir = refs.resolve(id.hex());
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return (int) s.filter(f -> !f.getFileName().toString().startsWith(PARTIAL)).count();
        }
    }

    /**
     * Removes what a writer killed between two steps of a reference change leaves: a half-written
     * holder file, or a layer's reference directory with no holder in it (made before its first
     * holder was written, or emptied before it was removed). The caller holds the store lock.
     */
    private List<Path> removeEmptyReferences() throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(refs)) {
            for (Path dir : ds) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(PARTIAL))) {
                    for (Path f : files) {
                        Files.deleteIfExists(f);
                        removed.add(f);
                    }
                }
                try {
                    if (Files.deleteIfExists(dir)) {
                        removed.add(dir);
                    }
                } catch (java.nio.file.DirectoryNotEmptyException held) {
                    // a real reference
                }
            }
        }
        return removed;
    }

    private static String holderFile(String holder) {
        if (holder == null || holder.isBlank()) {
            throw new IllegalArgumentException("a reference needs a holder name");
        }
        return "h-" + URLEncoder.encode(holder, StandardCharsets.UTF_8);
    }

    /**
     * Removes every layer that no holder references and no other layer is built on (repeating,
     * so that whole unreferenced chains go), and what crashed applications left in {@code tmp/}.
     * Returns the removed layers.
     */
    public List<ChainId> collectGarbage() throws IOException {
        List<ChainId> removed = new ArrayList<>();
        List<Path> trash = new ArrayList<>();
        try (StoreLock.Hold held = lock.exclusive()) {
            sweepStaging(trash);
            removeEmptyReferences();
            Map<ChainId, StoredLayer> all = new HashMap<>();
            for (StoredLayer l : list()) {
                all.put(l.chainId(), l);
            }
            trashIncomplete(all, trash);
            boolean changed = true;
            while (changed) {
                changed = false;
                Map<ChainId, Integer> children = new HashMap<>();
                for (StoredLayer l : all.values()) {
                    if (l.parent() != null) {
                        children.merge(l.parent(), 1, Integer::sum);
                    }
                }
                for (StoredLayer l : new ArrayList<>(all.values())) {
                    if (references(l.chainId()) == 0 && !children.containsKey(l.chainId())) {
                        Path t = tmp.resolve("gc-" + l.chainId().hex() + "-" + UUID.randomUUID());
                        Files.move(layers.resolve(l.chainId().hex()), t, StandardCopyOption.ATOMIC_MOVE);
                        Files.deleteIfExists(l.shortPath());
                        trash.add(t);
                        all.remove(l.chainId());
                        removed.add(l.chainId());
                        changed = true;
                    }
                }
            }
        }
        for (Path t : trash) {
            FileTrees.delete(t); // outside the lock: nobody can see these any more
        }
        return removed;
    }

    /** Directories in layers/ without readable metadata cannot be complete: they go. */
    private void trashIncomplete(Map<ChainId, StoredLayer> complete, List<Path> trash) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layers)) {
            for (Path d : ds) {
                String name = d.getFileName().toString();
                boolean ok = name.matches("[0-9a-f]{64}") && complete.containsKey(new ChainId("sha256:" + name));
                if (!ok) {
                    Path t = tmp.resolve("gc-" + UUID.randomUUID());
                    Files.move(d, t, StandardCopyOption.ATOMIC_MOVE);
                    trash.add(t);
                }
            }
        }
    }

    /** Staging directories whose owner is gone (no live lock on ID.lock) are removed. */
    private void sweepStaging(List<Path> trash) throws IOException {
        for (Path p : staleStaging()) {
            trash.add(p);
            Files.deleteIfExists(tmp.resolve(p.getFileName() + ".lock"));
        }
    }

    /** Entries of tmp/ whose owner is gone: no live lock on ID.lock, and not staged by this JVM. */
    List<Path> staleStaging() throws IOException {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(".lock") || staging.contains(name)) {
                    continue;
                }
                Path lockFile = tmp.resolve(name + ".lock");
                if (Files.exists(lockFile) && !ownerGone(lockFile)) {
                    continue;
                }
                stale.add(p);
            }
        }
        return stale;
    }

    /**
     * Removes what crashed writers left, and nothing else: staging directories whose owner is
     * gone, directories in layers/ that never became complete, and short links to no layer.
     * Every complete layer stays, referenced or not. Returns what was removed.
     */
    public List<Path> removeLeftovers() throws IOException {
        List<Path> trash = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        try (StoreLock.Hold held = lock.exclusive()) {
            removed.addAll(staleStaging());
            sweepStaging(trash);
            removed.addAll(removeEmptyReferences());
            Map<ChainId, StoredLayer> all = new HashMap<>();
            for (StoredLayer l : list()) {
                all.put(l.chainId(), l);
            }
            List<Path> incomplete = new ArrayList<>();
            trashIncomplete(all, incomplete);
            removed.addAll(incomplete);
            trash.addAll(incomplete);
            for (Path link : danglingLinks()) {
                Files.deleteIfExists(link);
                removed.add(link);
            }
        }
        for (Path t : trash) {
            FileTrees.delete(t);
        }
        return removed;
    }

    /** Short links in l/ whose layer is not (or no longer) in the store. */
    List<Path> danglingLinks() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(links)) {
            for (Path link : ds) {
                if (!Files.isDirectory(link) || !Files.exists(link.resolve("../layer.properties"))) {
                    out.add(link);
                }
            }
        }
        return out;
    }

    /** Every holder of a reference, by layer (layers nobody references are absent). */
    public Map<ChainId, List<String>> holders() throws IOException {
        Map<ChainId, List<String>> out = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(refs)) {
            for (Path dir : ds) {
                List<String> names = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> !f.getFileName().toString().startsWith(PARTIAL))) {
                    for (Path f : files) {
                        names.add(Files.readString(f));
                    }
                } catch (NoSuchFileException released) {
                    continue;
                }
                if (!names.isEmpty()) { // an empty directory is no reference (see removeEmptyReferences)
                    out.put(new ChainId("sha256:" + dir.getFileName()), names);
                }
            }
        }
        return out;
    }

    /** Checks every layer's metadata, parent, files and short link, and every reference; see {@link LayerStoreCheck}. */
    public LayerStoreCheck check() throws IOException {
        return LayerStoreCheck.of(this, layers);
    }

    private static boolean ownerGone(Path lockFile) throws IOException {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held by this JVM
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** A staging directory with its liveness lock; closing removes what is left of it. */
    private final class Staging implements AutoCloseable {
        final String name = UUID.randomUUID().toString();
        final Path dir = tmp.resolve(name);
        final Path lockFile = tmp.resolve(name + ".lock");
        private FileChannel channel;

        Staging open() throws IOException {
            staging.add(name);
            try (StoreLock.Hold held = lock.exclusive()) {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                channel.lock();
                Files.createDirectory(dir);
            }
            return this;
        }

        @Override
        public void close() throws IOException {
            try {
                FileTrees.delete(dir);
            } finally {
                if (channel != null) {
                    Files.deleteIfExists(lockFile);
                    channel.close();
                }
                staging.remove(name);
            }
        }
    }

    private Staging stage() throws IOException {
        Staging s = new Staging();
        try {
            return s.open();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void writeMeta(Path dir, ChainId id, String diffId, ChainId parent, long size, long contentSize)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("chainId", id.digest());
        p.setProperty("diffId", diffId);
        p.setProperty("parent", parent == null ? "" : parent.digest());
        p.setProperty("size", Long.toString(size));
        p.setProperty("contentSize", Long.toString(contentSize));
        try (OutputStream out = Files.newOutputStream(dir.resolve(META))) {
            p.store(out, "Berth layer; see LayerStore");
        }
    }

    /** A free short name in l/ (12 hex digits, more on a clash) linking to the layer's diff. */
    private String shortLink(ChainId id) throws IOException {
        for (int n = 12; n <= 64; n++) {
            String name = id.hex().substring(0, n);
            Path link = links.resolve(name);
            Path target = Path.of("../layers", id.hex(), "diff");
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
                    return name;
                }
                continue;
            }
            Files.createSymbolicLink(link, target);
            return name;
        }
        throw new IOException("no free short link for " + id);
    }

    /** syncfs(2): the layer's files reach the disk before its rename makes it complete. */
    private void syncFileSystem(Path dir) {
        FileTrees.syncFileSystem(sys, dir);
    }
}
