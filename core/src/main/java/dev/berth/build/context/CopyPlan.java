package dev.berth.build.context;

import dev.berth.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one COPY writes where, resolved from its sources with Docker's rules
 * (<a href="https://docs.docker.com/reference/dockerfile/#copy">COPY</a>): a directory source
 * copies its contents, not itself; the destination is a directory when it ends in {@code /},
 * when there are several sources or a glob, or when the image has a directory there; globs
 * match names per path element. Sources may not leave their tree ({@code ..} is refused; an
 * absolute source is taken from the tree's root). The plan's {@link #digest()} covers every
 * target path, type, mode, size, link target and content byte it will copy: the step's cache input.
 */
public final class CopyPlan {
    /** One entry to write at {@code target} (absolute path in the image). */
    public record Entry(SourceFile source, String target) {
    }

    private final List<Entry> entries;

    private CopyPlan(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * Resolves {@code sources} in {@code tree} against {@code destination} (absolute;
     * {@code destinationIsDirectory} when the image already has a directory there).
     *
     * @throws IllegalArgumentException naming a source that matches nothing or leaves the tree
     */
    public static CopyPlan resolve(SourceTree tree, List<String> sources, String destination,
            boolean destinationIsDirectory) throws IOException {
        return resolve(tree, sources, destination, destinationIsDirectory, false, p -> false);
    }

    /**
     * Resolves as {@link #resolve(SourceTree, List, String, boolean)} does, with
     * {@code COPY --parents} ({@code parents}: each match keeps its path below the destination,
     * from a {@code /./} in its source on if there is one) and {@code --exclude} ({@code excluded}
     * gets the path of each entry relative to the source it came from: a file source's name, or the
     * path below a directory source; an excluded directory leaves out what it holds)
     * (<a href="https://docs.docker.com/reference/dockerfile/#copy---parents">COPY --parents</a>,
     * <a href="https://docs.docker.com/reference/dockerfile/#copy---exclude">COPY --exclude</a>).
     */
    public static CopyPlan resolve(SourceTree tree, List<String> sources, String destination,
            boolean destinationIsDirectory, boolean parents, Predicate<String> excluded) throws IOException {
        boolean anyGlob = sources.stream().anyMatch(CopyPlan::isGlob);
        boolean intoDir = destination.endsWith("/") || sources.size() > 1 || anyGlob || destinationIsDirectory || parents;
        String dest = trimSlash(destination);
        List<Entry> out = new ArrayList<>();
        for (String src : sources) {
            // --parents: what comes before a "/./" is not kept (BuildKit's marker).
            int marker = parents ? (src.startsWith("./") ? 0 : src.indexOf("/./")) : -1;
            String dropped = marker > 0 ? normalize(src.substring(0, marker), tree) : "";
            int droppedElements = dropped.isEmpty() ? 0 : dropped.split("/").length; // globs match one element each
            List<SourceFile> matches = match(tree, normalize(src, tree));
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("no such file in " + tree.description() + ": " + src);
            }
            if (matches.size() > 1) {
                intoDir = true;
            }
            for (SourceFile m : matches) {
                String base = dest;
                if (parents) {
                    String kept = kept(m, droppedElements);
                    String parent = kept.contains("/") ? kept.substring(0, kept.lastIndexOf('/')) : "";
                    base = parent.isEmpty() ? dest : dest + "/" + parent;
                }
                if (m.stat().isDirectory()) {
                    String at = parents && !kept(m, droppedElements).isEmpty() ? base + "/" + m.name() : base;
                    out.add(new Entry(m, at.isEmpty() ? "/" : at));
                    addChildren(tree, m, at, out, "", excluded);
                } else if (!excluded.test(m.name())) {
                    out.add(new Entry(m, intoDir ? base + "/" + m.name() : dest.isEmpty() ? "/" + m.name() : dest));
                }
            }
        }
        return new CopyPlan(out);
    }

    /** The path of {@code m} without its first {@code dropped} elements (those before a {@code /./}). */
    private static String kept(SourceFile m, int dropped) {
        String[] elements = m.path().isEmpty() ? new String[0] : m.path().split("/");
        return String.join("/", List.of(elements).subList(Math.min(dropped, elements.length), elements.length));
    }

    private static void addChildren(SourceTree tree, SourceFile dir, String target, List<Entry> out, String relative,
            Predicate<String> excluded) throws IOException {
        for (SourceFile c : tree.children(dir)) {
            String rel = relative.isEmpty() ? c.name() : relative + "/" + c.name();
            if (excluded.test(rel)) {
                continue;
            }
            String t = target + "/" + c.name();
            out.add(new Entry(c, t));
            if (c.stat().isDirectory()) {
                addChildren(tree, c, t, out, rel, excluded);
            }
        }
    }

    /** The source as a path relative to the tree's root; {@code ""} for the root itself. */
    public static String normalize(String src, SourceTree tree) {
        String s = src;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        String n = s.isEmpty() ? "" : Path.of(s).normalize().toString();
        if (n.equals("..") || n.startsWith("../")) {
            throw new IllegalArgumentException("source " + src + " is outside the " + tree.description());
        }
        return n;
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static List<SourceFile> match(SourceTree tree, String path) throws IOException {
        if (!isGlob(path)) {
            return tree.find(path).map(List::of).orElse(List.of());
        }
        List<SourceFile> current = new ArrayList<>(tree.find("").map(List::of).orElse(List.of()));
        for (String element : path.split("/")) {
            List<SourceFile> next = new ArrayList<>();
            PathMatcher m = isGlob(element) ? FileSystems.getDefault().getPathMatcher("glob:" + element) : null;
            for (SourceFile dir : current) {
                if (m == null) {
                    tree.find(dir.path().isEmpty() ? element : dir.path() + "/" + element).ifPresent(next::add);
                } else {
                    for (SourceFile c : tree.children(dir)) {
                        if (m.matches(Path.of(c.name()))) {
                            next.add(c);
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    private static String trimSlash(String dest) {
        String d = dest;
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.equals("/") ? "" : d;
    }

    /** sha256 over what the plan copies, in order. */
    public String digest() throws IOException {
        MessageDigest sha = Digest.newSha256();
        byte[] buf = new byte[1 << 16];
        for (Entry e : entries) {
            var st = e.source().stat();
            String link = st.isSymlink() ? Files.readSymbolicLink(e.source().file()).toString() : "";
            String head = e.target() + "\0" + Integer.toOctalString(st.mode()) + "\0" + st.size() + "\0" + link + "\0";
            byte[] h = head.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(h.length).array());
            sha.update(h);
            if (st.isRegular()) {
                try (InputStream in = Files.newInputStream(e.source().file())) {
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        sha.update(buf, 0, n);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
