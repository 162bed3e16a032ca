package dev.berth.build;

import dev.berth.Copy;
import dev.berth.build.context.ContextTree;
import dev.berth.build.context.CopyPlan;
import dev.berth.build.context.LayerTree;
import dev.berth.build.context.RootPath;
import dev.berth.build.context.SourceFile;
import dev.berth.build.context.SourceTree;
import dev.berth.build.context.TreeWriter;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.TreeOwners;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.runtime.ContainerConfigRules;
import dev.berth.runtime.ExecUser;
import dev.berth.runtime.ImageLayers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds what one COPY or ADD reads and plans where it goes
 * (<a href="https://docs.docker.com/reference/dockerfile/#add">ADD</a>,
 * <a href="https://docs.docker.com/reference/dockerfile/#copy">COPY</a>): the build context, an
 * earlier stage or an image ({@code --from}), inline files (heredocs), a URL checked against its
 * checksum, and for ADD local tar archives, which are unpacked into the destination with their
 * own owners. Inline files, downloads and unpacked archives live in a scratch directory that
 * closing the result removes.
 */
final class CopySources {
    private final Host host;
    private final BuildOptions options;
    private final Copy copy;
    private final boolean add;
    private final Map<String, StageState> stages;
    private final LayerStore layers;
    private final ImageBuild.BaseImages bases;
    private final ImageStore images;

    CopySources(Host host, BuildOptions options, Copy copy, boolean add, Map<String, StageState> stages,
            LayerStore layers, ImageBuild.BaseImages bases, ImageStore images) {
        this.host = host;
        this.options = options;
        this.copy = copy;
        this.add = add;
        this.stages = stages;
        this.layers = layers;
        this.bases = bases;
        this.images = images;
    }

    /** The plans (each with the owner it is written with) and the scratch directory behind them. */
    static final class Resolved implements AutoCloseable {
        private final Host host;
        private final List<CopyPlan> plans = new ArrayList<>();
        private final List<Integer[]> owners = new ArrayList<>();
        private final StringBuilder inputs = new StringBuilder();
        private final List<String> archivesWithDevices = new ArrayList<>();
        private long skippedInArchives;
        private Path scratch;

        private Resolved(Host host) {
            this.host = host;
        }

        String inputs() {
            return inputs.toString();
        }

        /** Writes the plans into {@code upper}; returns a warning for device nodes left out without root, or null. */
        String write(Path upper, List<Path> lowers, Integer chmod) throws IOException {
            TreeOwners treeOwners = TreeOwners.of(host, upper);
            List<String> skipped = new ArrayList<>();
            long count = skippedInArchives;
            for (int i = 0; i < plans.size(); i++) {
                TreeWriter writer = new TreeWriter(host.syscalls(), upper, lowers, owners.get(i)[0], owners.get(i)[1], chmod);
                writer.write(plans.get(i), treeOwners);
                skipped.addAll(writer.skippedDevices());
                count += writer.skippedDevices().size();
            }
            treeOwners.finish();
            skipped.addAll(0, archivesWithDevices);
            return count == 0 ? null : "left out " + count + " device node(s) (" + String.join(", ",
                    skipped.subList(0, Math.min(5, skipped.size()))) + (skipped.size() > 5 ? ", ..." : "")
                    + "): without root no device node can be made; a container gets its /dev from the runtime";
        }

        void add(CopyPlan plan, Integer uid, Integer gid) throws IOException {
            plans.add(plan);
            owners.add(new Integer[] {uid, gid});
            inputs.append(plan.digest()).append('\n');
        }

        Path scratch() throws IOException {
            if (scratch == null) {
                scratch = Files.createTempDirectory("berth-copy-");
            }
            return scratch;
        }

        @Override
        public void close() throws IOException {
            if (scratch != null) {
                FileTrees.delete(scratch);
            }
        }
    }

    Resolved resolve(StageState st, List<Path> lowers) throws IOException {
        LayerTree image = new LayerTree(host.syscalls(), lowers, "image");
        String dest = RootPath.resolve(image, absolute(copy.destination(), st.config.workingDir));
        boolean destIsDir = image.find(dest.substring(1).replaceAll("/+$", ""))
                .map(f -> f.stat().isDirectory()).orElse(false);
        int[] owner = owner(lowers);
        java.util.function.Predicate<String> excluded = copy.excludes().isEmpty() ? p -> false
                : dev.berth.build.dockerfile.DockerIgnore.parse(String.join("\n", copy.excludes()))::excluded;
        Resolved r = new Resolved(host);
        try {
            if (!copy.inline().isEmpty()) {
                Path dir = Files.createDirectory(r.scratch().resolve("inline"));
                List<String> names = new ArrayList<>();
                for (Map.Entry<String, String> f : copy.inline().entrySet()) {
                    Path p = Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
                    Files.setAttribute(p, "unix:mode", 0644);
                    Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(0));
                    names.add(f.getKey());
                }
                r.add(CopyPlan.resolve(new ContextTree(dir, p -> false, "heredoc"), names, dest, destIsDir),
                        owner[0], owner[1]);
            } else if (copy.url().isPresent()) {
                if (!add) {
                    throw new IllegalArgumentException("COPY cannot fetch a URL; use ADD");
                }
                Path dir = Files.createDirectory(r.scratch().resolve("url"));
                String name = UrlDownload.fetch(copy.url().get(), copy.checksum().orElse(null), dir);
                r.add(CopyPlan.resolve(new ContextTree(dir, p -> false, "download"), List.of(name), dest, destIsDir,
                        false, excluded), owner[0], owner[1]);
            } else if (copy.git().isPresent()) {
                if (!add) {
                    throw new IllegalArgumentException("COPY cannot clone a git repository; use ADD");
                }
                Path root = GitSource.fetch(copy.git().get(), copy.keepGitDir(), r.scratch().resolve("git"));
                r.add(CopyPlan.resolve(new ContextTree(root, p -> false, "git repository " + copy.git().get()),
                        List.of("."), dest.endsWith("/") ? dest : dest + "/", true, false, excluded), owner[0], owner[1]);
            } else {
                SourceTree tree = tree();
                List<String> plain = new ArrayList<>();
                for (String src : copy.sources()) {
                    Path archive = add && copy.from().isEmpty() ? archive(tree, src) : null;
                    if (archive != null) {
                        Path into = r.scratch().resolve("archive-" + r.plans.size());
                        long skipped = ArchiveUnpack.unpack(host, archive, into);
                        if (skipped > 0) {
                            r.archivesWithDevices.add("in " + src);
                            r.skippedInArchives += skipped;
                        }
                        r.add(CopyPlan.resolve(new ContextTree(into, p -> false, "archive " + src), List.of("."),
                                dest.endsWith("/") ? dest : dest + "/", true, false, excluded), null, null);
                    } else {
                        plain.add(src);
                    }
                }
                if (!plain.isEmpty()) {
                    r.add(CopyPlan.resolve(tree, plain, dest, destIsDir, copy.parents(), excluded), owner[0], owner[1]);
                }
            }
            return r;
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** The tree the sources are in: the context, an earlier stage, or an image. */
    private SourceTree tree() throws IOException {
        if (copy.hostDirectory().isPresent()) {
            return new ContextTree(copy.hostDirectory().get(), p -> false, "host directory " + copy.hostDirectory().get());
        }
        if (copy.from().isEmpty()) {
            return ImageBuild.contextTree(options);
        }
        String from = copy.from().get();
        StageState st = stages.get(from);
        if (st != null) {
            return ImageBuild.stageTree(host.syscalls(), st, layers, "stage " + from);
        }
        ImageDetails image = bases.resolve(from);
        List<StoredLayer> unpacked = ImageLayers.unpack(images, layers, image);
        return new LayerTree(host.syscalls(), unpacked.stream().map(StoredLayer::diff).toList(), "image " + from);
    }

    /** The context file {@code src} when it is a tar archive (plain or compressed) that ADD unpacks. */
    private static Path archive(SourceTree tree, String src) throws IOException {
        if (src.indexOf('*') >= 0 || src.indexOf('?') >= 0 || src.indexOf('[') >= 0) {
            return null;
        }
        SourceFile f = tree.find(CopyPlan.normalize(src, tree)).orElse(null);
        return f != null && f.stat().isRegular() && ArchiveUnpack.isArchive(f.file()) ? f.file() : null;
    }

    /** {@code --chown}: uid and gid, names resolved in the image; a user alone gives its uid as gid, as Docker does. */
    private int[] owner(List<Path> lowers) throws IOException {
        if (copy.chown().isEmpty()) {
            return new int[] {0, 0};
        }
        String spec = copy.chown().get();
        ExecUser u;
        try {
            u = ContainerConfigRules.user(host.syscalls(), spec, lowers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--chown=" + spec + ": " + e.getMessage(), e);
        }
        return new int[] {u.uid(), spec.contains(":") ? u.gid() : u.uid()};
    }

    /** The destination as an absolute, normalized path in the image (a trailing {@code /} kept). */
    static String absolute(String dest, String workdir) {
        String abs = joined(dest, workdir);
        String n = java.nio.file.Path.of(abs).normalize().toString();
        if (!n.startsWith("/") || n.contains("/../") || n.endsWith("/..")) {
            throw new IllegalArgumentException("destination " + dest + " is not a path in the image");
        }
        return abs.endsWith("/") && !n.endsWith("/") ? n + "/" : n;
    }

    private static String joined(String dest, String workdir) {
        if (dest.startsWith("/")) {
            return dest;
        }
        String base = workdir == null || workdir.isEmpty() ? "/" : workdir;
        String rel = dest.equals(".") || dest.equals("./") ? "" : dest.startsWith("./") ? dest.substring(2) : dest;
        String joined = (base.endsWith("/") ? base : base + "/") + rel;
        return dest.endsWith("/") && !joined.endsWith("/") ? joined + "/" : joined.isEmpty() ? "/" : joined;
    }
}
