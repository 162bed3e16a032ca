package dev.berth.overlayfs.apply;

import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.apply.LayerTree.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a cleaned directory name inside the root, as openat2(2)'s {@code RESOLVE_IN_ROOT}
 * and containerd's {@code fs.RootPath} do: symlinks on the way are followed, but an absolute
 * target starts again from the root and {@code ..} at the root stays at the root, so the result
 * never leaves it. Symlinks are looked up in the merged view the layer is applied onto: first
 * what this layer made ({@link LayerTree}), then, where this layer does not hide them, the lower
 * layers ({@link LowerLayers}). Nothing is looked up on disk outside those trees, so a hostile
 * target can only ever name another path inside the root.
 */
final class RootedPath {
    /** The most symlinks one name may go through, as continuity's fs.RootPath allows. */
    static final int MAX_LINKS = 255;

    private final LayerTree tree;
    private final LowerLayers lowers;

    RootedPath(LayerTree tree, LowerLayers lowers) {
        this.tree = tree;
        this.lowers = lowers;
    }

    /** {@code dir} (a cleaned name, "" for the root) with every symlink in it resolved inside the root. */
    String resolve(String entry, String dir) throws LayerException {
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(dir.split("/")));
        List<String> done = new ArrayList<>();
        String at = "";
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                    at = String.join("/", done);
                }
                continue;
            }
            String p = EntryName.child(at, c);
            String target = linkTarget(p);
            if (target == null) {
                done.add(c);
                at = p;
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new LayerException(entry, "more than " + MAX_LINKS + " symlinks on the way to '" + dir + "'");
            }
            if (target.startsWith("/")) {
                done.clear(); // an absolute target is absolute inside the root
                at = "";
            }
            String[] t = target.split("/");
            for (int i = t.length - 1; i >= 0; i--) {
                todo.addFirst(t[i]);
            }
        }
        return at;
    }

    /** The target of the symlink the merged view shows at {@code path}, or null. */
    private String linkTarget(String path) {
        Kind k = tree.kind(path);
        if (k != null) {
            return k == Kind.SYMLINK ? tree.linkTarget(path) : null;
        }
        return tree.hidesLower(path) ? null : lowers.linkTarget(path);
    }
}
