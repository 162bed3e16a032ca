package dev.berth.runtime;

import dev.berth.FileChange;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.OpenedEntry;
import dev.berth.overlayfs.diff.LowerAliases;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A container's changes to its image's files, as Docker's overlay2 driver reports them: each
 * entry of the overlay upper is added, or modified when the image has the path (a directory
 * whose size, mode and mtime are the image's is not listed, but is walked), a whiteout is a
 * deletion, and so is an opaque directory that hid the image's; the parent of an added or
 * deleted path is reported modified if it is not already. For the copy driver the copied root
 * is compared with the image's merged layers. Both trees are walked by descriptor
 * ({@link OpenedEntry}): the container may swap a directory for a symlink to the host's at any
 * moment, and nothing outside its root is reached.
 */
public final class RootChanges {
    private final Syscalls sys;
    private final List<FileChange> changes = new ArrayList<>();
    private final Set<String> changedDirs = new HashSet<>();
    /** The image's other names of a file changed through one (overlay index=on), as the copy driver sees them. */
    private LowerAliases aliases;

    private RootChanges(Syscalls sys) {
        this.sys = sys;
    }

    /** The changes recorded in overlay upper {@code upper} over {@code lowers} (highest first). */
    public static List<FileChange> ofUpper(Syscalls sys, Path upper, List<Path> lowers) throws IOException {
        RootChanges c = new RootChanges(sys);
        try (OpenedEntry root = OpenedEntry.root(sys, upper)) {
            c.aliases = new LowerAliases(sys, lowers, root);
            c.upper(root, new LayerStack(sys, lowers).root(), "");
        }
        return List.copyOf(c.changes);
    }

    /** The differences between copied root {@code copy} and the merged {@code lowers} it was copied from. */
    public static List<FileChange> ofCopy(Syscalls sys, Path copy, List<Path> lowers) throws IOException {
        RootChanges c = new RootChanges(sys);
        try (OpenedEntry root = OpenedEntry.root(sys, copy)) {
            c.copy(root, new LayerStack(sys, lowers).root(), "");
        }
        return List.copyOf(c.changes);
    }

    private void upper(OpenedEntry dir, LayerStack.Node lower, String rel) throws IOException {
        Map<String, LayerStack.Node> below = children(lower);
        for (String name : new TreeSet<>(dir.names())) {
            try (OpenedEntry e = dir.child(name)) {
                if (e == null) {
                    continue; // removed since the listing
                }
                String path = rel + "/" + name;
                FileStat st = e.stat();
                LayerStack.Node was = below.get(name);
                if (st.isWhiteout()) {
                    add(path, FileChange.Kind.DELETED, false);
                } else if (st.isDirectory() && was != null && LayerStack.isOpaque(e)) {
                    add(path, FileChange.Kind.DELETED, true); // the image's directory is gone; what is in it now is new
                    upper(e, null, path);
                } else if (was == null) {
                    add(path, FileChange.Kind.ADDED, st.isDirectory());
                    if (st.isDirectory()) {
                        upper(e, null, path);
                    }
                } else {
                    if (!(st.isDirectory() && was.stat().isDirectory() && sameDirectory(st, was.stat()))) {
                        add(path, FileChange.Kind.MODIFIED, st.isDirectory());
                    }
                    if (st.isDirectory()) {
                        upper(e, was.stat().isDirectory() ? was : null, path);
                    }
                }
                if (!st.isDirectory() && !st.isWhiteout()) {
                    for (String alias : aliases.of(path.substring(1), e, st)) {
                        add("/" + alias, FileChange.Kind.MODIFIED, false);
                    }
                }
            }
        }
    }

    private void copy(OpenedEntry dir, LayerStack.Node base, String rel) throws IOException {
        Map<String, LayerStack.Node> before = children(base);
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(dir.names());
        for (String name : names) {
            String path = rel + "/" + name;
            LayerStack.Node was = before.get(name);
            try (OpenedEntry e = dir.child(name)) {
                if (e == null) {
                    if (was != null) {
                        add(path, FileChange.Kind.DELETED, was.stat().isDirectory());
                    }
                    continue;
                }
                FileStat st = e.stat();
                if (was == null || was.stat().type() != st.type()) {
                    add(path, was == null ? FileChange.Kind.ADDED : FileChange.Kind.MODIFIED, st.isDirectory());
                    if (st.isDirectory()) {
                        copy(e, null, path);
                    }
                } else if (st.isDirectory()) {
                    if (!sameDirectory(st, was.stat())) {
                        add(path, FileChange.Kind.MODIFIED, true);
                    }
                    copy(e, was, path);
                } else if (st.mode() != was.stat().mode() || st.uid() != was.stat().uid() || st.gid() != was.stat().gid()
                        || st.size() != was.stat().size() || st.mtimeNanos() != was.stat().mtimeNanos()) {
                    add(path, FileChange.Kind.MODIFIED, false);
                }
            }
        }
    }

    private static Map<String, LayerStack.Node> children(LayerStack.Node dir) throws IOException {
        Map<String, LayerStack.Node> out = new TreeMap<>();
        if (dir != null) {
            for (LayerStack.Node n : dir.children()) {
                out.put(n.path().substring(n.path().lastIndexOf('/') + 1), n);
            }
        }
        return out;
    }

    /** As Docker: a directory is unchanged when its size, mode and mtime are the image's. */
    private static boolean sameDirectory(FileStat now, FileStat was) {
        return now.size() == was.size() && now.mode() == was.mode() && now.mtimeNanos() == was.mtimeNanos();
    }

    /** Records a change, first its parent as modified when an entry was added or deleted in it. */
    private void add(String path, FileChange.Kind kind, boolean directory) {
        if (directory) {
            changedDirs.add(path);
        }
        if (kind != FileChange.Kind.MODIFIED) {
            String parent = path.substring(0, path.lastIndexOf('/'));
            if (!parent.isEmpty() && changedDirs.add(parent)) {
                changes.add(new FileChange(parent, FileChange.Kind.MODIFIED));
            }
        }
        changes.add(new FileChange(path, kind));
    }
}
