package dev.berth.overlayfs;

import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The merged view of a stack of layer directories in overlay form (highest first), computed the
 * way overlayfs presents it (<a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>):
 * the highest entry of a name wins; directories merge with lower directories of the same name
 * unless a higher layer has a whiteout (0:0 character device) or a non-directory there, or marks
 * the directory opaque. Read without mounting anything, for the copy driver and its diff.
 */
public final class LayerStack {
    private final Syscalls sys;
    private final List<Path> layers;

    /** The stack of {@code layersHighestFirst}, read through {@code sys}. */
    public LayerStack(Syscalls sys, List<Path> layersHighestFirst) {
        this.sys = sys;
        this.layers = List.copyOf(layersHighestFirst);
    }

    /** The root of the merged tree. */
    public Node root() throws IOException {
        List<Path> merging = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            merging.add(layers.get(i));
            // The lowest layer's opacity hides nothing: not read (#17, a syscall saved per lookup).
            if (i < layers.size() - 1 && isOpaque(sys, layers.get(i))) {
                break;
            }
        }
        return new Node("", layers.isEmpty() ? null : layers.get(0),
                layers.isEmpty() ? null : FileStat.of(layers.get(0)), merging);
    }

    /**
     * The merged entry at {@code path} (absolute or relative to the root), without following
     * symlinks on the way; empty when it is missing or hidden by a whiteout.
     */
    public Optional<Node> find(String path) throws IOException {
        Node node = root();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            node = node.child(name);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    /**
     * True when directory {@code dir} carries an overlay opaque xattr (trusted. or user.). A
     * directory this process may not read (another container user's 0700 directory, without
     * root) does not show its user. xattrs and counts as not opaque: its entries cannot be
     * listed from here either, so no merged view below it is made.
     */
    public static boolean isOpaque(Syscalls sys, Path dir) {
        return isOpaque(name -> sys.lgetxattr(dir.toString(), name));
    }

    /** As {@link #isOpaque(Syscalls, Path)} for a directory held by descriptor. */
    public static boolean isOpaque(OpenedEntry dir) {
        return isOpaque(dir::xattr);
    }

    private static boolean isOpaque(java.util.function.Function<String, byte[]> xattr) {
        for (String name : new String[] {Whiteouts.opaqueXattr(false), Whiteouts.opaqueXattr(true)}) {
            byte[] v;
            try {
                v = xattr.apply(name);
            } catch (SyscallException e) {
                if (e.errno() != Errno.EACCES) {
                    throw e;
                }
                v = null;
            }
            if (v != null && v.length == 1 && v[0] == 'y') {
                return true;
            }
        }
        return false;
    }

    /** One entry of the merged view. */
    public final class Node {
        private final String path;
        private final Path source;
        private final FileStat stat;
        private final List<Path> merging;
        private boolean closed;

        Node(String path, Path source, FileStat stat, List<Path> merging) {
            this.path = path;
            this.source = source;
            this.stat = stat;
            this.merging = merging;
        }

        /** The path relative to the root ("" for the root). */
        public String path() {
            return path;
        }

        /** The file in the highest layer that has this entry: its metadata and content are the merged ones. */
        public Path source() {
            return source;
        }

        public FileStat stat() {
            return stat;
        }

        /**
         * The merged entry {@code name} of this directory, as {@link #children()} has it, or null:
         * found by looking the name up in each merged layer rather than listing them (#17: resolving
         * a container's user listed the image's {@code /} and {@code /etc} twice, a stat per entry).
         */
        Node child(String name) throws IOException {
            if (!stat.isDirectory() || name.equals("..") || name.indexOf('\0') >= 0) {
                return null; // a listing has neither ".." nor a NUL
            }
            Node found = null;
            for (int i = 0; i < merging.size(); i++) {
                Path p = merging.get(i).resolve(name);
                FileStat st;
                try {
                    st = FileStat.of(p);
                } catch (NoSuchFileException e) {
                    continue;
                }
                boolean lowest = i == merging.size() - 1;
                if (found == null) {
                    if (st.isWhiteout()) {
                        return null;
                    }
                    found = new Node(path.isEmpty() ? name : path + "/" + name, p, st, new ArrayList<>());
                    if (st.isDirectory()) {
                        found.merging.add(p);
                        found.closed = !lowest && isOpaque(sys, p);
                    } else {
                        found.closed = true;
                    }
                } else if (found.stat.isDirectory() && !found.closed) {
                    if (st.isDirectory()) {
                        found.merging.add(p);
                        found.closed = !lowest && isOpaque(sys, p);
                    } else {
                        found.closed = true; // a lower non-directory or whiteout ends the merge
                    }
                }
            }
            return found;
        }

        /** The merged entries of a directory, sorted by name; empty for anything else. */
        public List<Node> children() throws IOException {
            Map<String, Node> out = new TreeMap<>();
            Set<String> hidden = new HashSet<>();
            if (!stat.isDirectory()) {
                return List.of();
            }
            for (Path layerDir : merging) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(layerDir)) {
                    for (Path p : ds) {
                        String name = p.getFileName().toString();
                        if (hidden.contains(name)) {
                            continue;
                        }
                        FileStat st = FileStat.of(p);
                        Node higher = out.get(name);
                        if (higher != null) {
                            if (higher.stat.isDirectory() && !higher.closed) {
                                if (st.isDirectory()) {
                                    higher.merging.add(p);
                                    higher.closed = isOpaque(sys, p);
                                } else {
                                    higher.closed = true; // a lower non-directory or whiteout ends the merge
                                }
                            }
                            continue;
                        }
                        if (st.isWhiteout()) {
                            hidden.add(name);
                            continue;
                        }
                        Node n = new Node(path.isEmpty() ? name : path + "/" + name, p, st, new ArrayList<>());
                        if (st.isDirectory()) {
                            n.merging.add(p);
                            n.closed = isOpaque(sys, p);
                        } else {
                            n.closed = true;
                        }
                        out.put(name, n);
                    }
                }
            }
            return new ArrayList<>(out.values());
        }
    }
}
