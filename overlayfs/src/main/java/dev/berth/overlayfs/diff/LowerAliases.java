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
 * entry in the upper. The upper copy carries {@code overlay.origin}; its lower file is the one
 * at the same path in the lower layers. Its other names are found in its layer (a link group
 * never spans layers) by device and inode, and kept where the merged view still shows them:
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
        if (lowers.isEmpty() || st.isDirectory() || st.nlink() < 2 || !done.add(st.ino()) || !hasOrigin(e)) {
            return List.of();
        }
        if (stack == null) {
            stack = new LayerStack(sys, lowers);
        }
        Optional<LayerStack.Node> below = stack.find(path);
        if (below.isEmpty() || below.get().stat().isDirectory() || below.get().stat().nlink() < 2) {
            return List.of();
        }
        FileStat lower = below.get().stat();
        Path layer = layerOf(below.get().source());
        if (layer == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String alias : groups(layer).getOrDefault(lower.dev() + ":" + lower.ino(), List.of())) {
            if (alias.equals(path)) {
                continue;
            }
            Optional<LayerStack.Node> shown = stack.find(alias);
            if (shown.isPresent() && shown.get().stat().dev() == lower.dev() && shown.get().stat().ino() == lower.ino()
                    && !inUpper(alias)) {
                out.add(alias);
            }
        }
        return out;
    }

    private boolean hasOrigin(OpenedEntry e) {
        for (String x : ORIGIN) {
            if (e.xattr(x) != null) {
                return true;
            }
        }
        return false;
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
