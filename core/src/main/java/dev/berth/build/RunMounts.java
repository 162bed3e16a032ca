package dev.berth.build;

import dev.berth.build.context.CopyPlan;
import dev.berth.build.context.SourceFile;
import dev.berth.build.context.SourceTree;
import dev.berth.image.Digest;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.store.LayerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a RUN's {@code --mount}s into bind mounts
 * (<a href="https://docs.docker.com/reference/dockerfile/#run---mount">RUN --mount</a>): a cache
 * mount is a directory under {@code BERTH_HOME/build-cache-mounts/} named by the sha256 of its id,
 * kept across builds and never part of a layer; a bind mount shows a context path (or a file of
 * an earlier stage) read-only. The mount points the launch had to make in the upper are removed
 * afterwards ({@link MountPoints}), so they do not end up in the layer.
 */
final class RunMounts {
    private final Syscalls sys;
    private final BuildOptions options;
    private final Path cacheRoot;
    private final Map<String, StageState> stages;
    private final LayerStore layers;

    RunMounts(Syscalls sys, BuildOptions options, Path cacheRoot, Map<String, StageState> stages, LayerStore layers) {
        this.sys = sys;
        this.options = options;
        this.cacheRoot = cacheRoot;
        this.stages = stages;
        this.layers = layers;
    }

    /** The mounts; file mounts get their files in {@code scratch}. */
    List<Mount> resolve(List<RunMount> mounts, Path scratch) throws IOException {
        List<Mount> out = new ArrayList<>();
        for (RunMount m : mounts) {
            if (m.type().equals("file")) {
                Path f = Files.writeString(scratch.resolve("file-" + out.size()), m.source(), StandardCharsets.UTF_8);
                Files.setAttribute(f, "unix:mode", 0755);
                out.add(Mount.bind(f, m.target(), true));
            } else if (m.type().equals("cache")) {
                String id = m.id() != null ? m.id() : m.target();
                Path dir = cacheRoot.resolve(Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).encoded());
                out.add(Mount.bind(Files.createDirectories(dir), m.target(), false));
            } else {
                out.add(Mount.bind(bindSource(m), m.target(), m.readOnly()));
            }
        }
        return out;
    }

    /**
     * The content a RUN reads through its bind mounts, as a cache input: what a COPY of each bind's
     * source would copy. Cache mounts are left out, as BuildKit leaves them out.
     */
    String inputs(List<RunMount> mounts) throws IOException {
        StringBuilder out = new StringBuilder();
        for (RunMount m : mounts) {
            if (m.type().equals("bind")) {
                SourceTree tree = tree(m);
                String rel = CopyPlan.normalize(m.source() == null ? "." : m.source(), tree);
                out.append(m.target()).append('=').append(CopyPlan.resolve(tree, List.of(rel.isEmpty() ? "." : rel),
                        "/", true).digest()).append('\n');
            }
        }
        return out.toString();
    }

    private SourceTree tree(RunMount m) throws IOException {
        if (m.from() == null) {
            return ImageBuild.contextTree(options);
        }
        StageState st = stages.get(m.from());
        if (st == null) {
            throw new IllegalArgumentException("RUN --mount from=" + m.from() + ": no such stage before this one");
        }
        return ImageBuild.stageTree(sys, st, layers, "stage " + m.from());
    }

    private Path bindSource(RunMount m) throws IOException {
        String source = m.source() == null ? "." : m.source();
        SourceTree tree = tree(m);
        String rel = CopyPlan.normalize(source, tree);
        SourceFile f = tree.find(rel).orElseThrow(() -> new IllegalArgumentException(
                "RUN --mount source " + source + ": no such file in " + tree.description()));
        if (f.stat().isSymlink() || (m.from() != null && f.stat().isDirectory() && !rel.isEmpty())) {
            throw new IllegalArgumentException("RUN --mount source " + source + " in " + tree.description()
                    + " must be a file or (in the context) a directory, not a symlink");
        }
        return f.file();
    }
}
