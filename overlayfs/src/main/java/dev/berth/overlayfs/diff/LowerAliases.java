package dev.berth.overlayfs.diff;

import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.OpenedEntry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lower names of a copied-up hardlink, for the diff of an overlay upper mounted with
 * {@code index=on} (see {@code OverlayIndex}). When a container changes one name of a lower link
 * group ({@code chmod} of {@code a}, where the image has {@code a} and {@code b} as one file),
 * the kernel copies the file up once, into the index, and links it as {@code upper/a}; every
 * other lower name ({@code b}) then shows that same upper inode in the merged view, yet has no
 * entry in the upper. The upper copy carries {@code overlay.origin}, the lower file's handle;
 * the lower file is found by the inode in that handle (or, for a handle that does not show it,
 * at the same path in the lower layers). Its names are found in its layer (a link group never
 * spans layers) by device and inode, and kept where the merged view still shows them:
 * not hidden by a higher lower layer, and with no entry, whiteout, opaque or non-directory parent
 * in the upper. They are written as hardlinks to the upper copy, as they are one file in the
 * container (and a container's list of changes names them). Lower layers are the store's, read
 * by path; the upper is read by descriptor.
 */
public final class LowerAliases {
    private static final List<String> ORIGIN = List.of("trusted.overlay.origin", "user.overlay.origin");

    private final Syscalls sys;
    private final List<Path> lowers;
    private final OpenedEntry upper;
    private LayerStack stack;
    /** Per lower layer: the names of each (dev, inode) with more than one link. */
    private final Map<Path, Map<String, List<String>>> groups = new HashMap<>();
    /** Upper inodes already answered: a group is written once. */
    private final Set<Long> done = new HashSet<>();

    /** For the upper whose root is {@code upper}, mounted over {@code lowers} (highest first). */
    public LowerAliases(Syscalls sys, List<Path> lowers, OpenedEntry upper) {
        this.sys = sys;
        this.lowers = List.copyOf(lowers);
        this.upper = upper;
    }

    /**
     * The names other than {@code path} that the merged view shows as the upper file {@code e}
     * (status {@code st}) and that the upper itself does not hold; empty for most files.
     */
    public List<String> of(String path, OpenedEntry e, FileStat st) throws IOException {
        if (lowers.isEmpty() || st.isDirectory() || st.nlink() < 2 || !done.add(st.ino())) {
            return List.of();
        }
        byte[] origin = origin(e);
        if (origin == null) {
            return List.of();
        }
        if (stack == null) {
            stack = new LayerStack(sys, lowers);
        }
        List<String> out = new ArrayList<>();
        for (String[] alias : group(path, origin)) { // {dev:ino, path}
            Optional<LayerStack.Node> shown = stack.find(alias[1]);
            if (!alias[1].equals(path) && shown.isPresent()
                    && (shown.get().stat().dev() + ":" + shown.get().stat().ino()).equals(alias[0]) && !inUpper(alias[1])) {
                out.add(alias[1]);
            }
        }
        return out;
    }

    /**
     * The lower names of the origin: found by the inode its file handle names (ext4's and xfs's
     * handles carry it; the upper file may have been renamed), else by the file at the same
     * path in the lower layers.
     */
    private List<String[]> group(String path, byte[] origin) throws IOException {
        long ino = originInode(origin);
        List<String[]> out = new ArrayList<>();
        if (ino >= 0) {
            for (Path layer : lowers) {
                for (Map.Entry<String, List<String>> g : groups(layer).entrySet()) {
                    if (g.getKey().endsWith(":" + ino)) {
                        g.getValue().forEach(n -> out.add(new String[] {g.getKey(), n}));
                    }
                }
            }
            return out;
        }
        Optional<LayerStack.Node> below = stack.find(path);
        Path layer = below.isEmpty() || below.get().stat().isDirectory() ? null : layerOf(below.get().source());
        if (layer != null) {
            String key = below.get().stat().dev() + ":" + below.get().stat().ino();
            groups(layer).getOrDefault(key, List.of()).forEach(n -> out.add(new String[] {key, n}));
        }
        return out;
    }

    private byte[] origin(OpenedEntry e) {
        for (String x : ORIGIN) {
            byte[] v = e.xattr(x);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * The inode number in an {@code overlay.origin} value (overlayfs's {@code struct ovl_fb}:
     * version 0, magic 0xfb, length, flags, the handle's type, the file system's uuid, then the
     * handle), for the handle types that carry it first: {@code FILEID_INO32_GEN} (1) and its
     * {@code _PARENT} form (2), as ext4 writes them, and xfs's 64-bit forms (0x81, 0x82); else -1.
     */
    static long originInode(byte[] fb) {
        if (fb.length < 25 || fb[0] != 0 || (fb[1] & 0xff) != 0xfb || (fb[2] & 0xff) != fb.length) {
            return -1;
        }
        java.nio.ByteBuffer fid = java.nio.ByteBuffer.wrap(fb, 21, fb.length - 21)
                .order((fb[3] & 1) != 0 ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        switch (fb[4] & 0xff) {
            case 1:
            case 2:
                return Integer.toUnsignedLong(fid.getInt());
            case 0x81:
            case 0x82:
                return fb.length >= 29 ? fid.getLong() : -1;
            default:
                return -1;
        }
    }

    private Path layerOf(Path source) {
        for (Path l : lowers) {
            if (source.startsWith(l)) {
                return l;
            }
        }
        return null;
    }

    /** Whether the upper holds {@code path} itself, or hides it (whiteout, opaque or non-directory parent). */
    private boolean inUpper(String path) throws IOException {
        String[] names = path.split("/");
        OpenedEntry dir = upper;
        List<OpenedEntry> opened = new ArrayList<>();
        try {
            for (int i = 0; i < names.length; i++) {
                OpenedEntry c = dir.child(names[i]);
                if (c == null) {
                    return false; // not in the upper: the lower one shows
                }
                opened.add(c);
                if (i == names.length - 1 || !c.stat().isDirectory() || LayerStack.isOpaque(c)) {
                    return true;
                }
                dir = c;
            }
            return true;
        } finally {
            for (OpenedEntry c : opened) {
                c.close();
            }
        }
    }

    private Map<String, List<String>> groups(Path layer) throws IOException {
        Map<String, List<String>> g = groups.get(layer);
        if (g != null) {
            return g;
        }
        Map<String, List<String>> found = new HashMap<>();
        Files.walkFileTree(layer, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isDirectory()) {
                    FileStat st = FileStat.of(file);
                    if (st.nlink() > 1 && !st.isWhiteout()) {
                        found.computeIfAbsent(st.dev() + ":" + st.ino(), k -> new ArrayList<>())
                                .add(layer.relativize(file).toString());
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        groups.put(layer, found);
        return found;
    }
}
