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
 * an earlier stage) read-only; a tmpfs is an empty file system for the command; a secret is a
 * read-only copy of the build's secret file (with the mode and owner asked for, in a directory
 * only this process's user can enter) or an environment variable; an ssh mount binds the build's
 * agent socket. The mount points the launch had to make in the upper are removed afterwards
 * ({@link MountPoints}), so they do not end up in the layer.
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
            } else if (m.type().equals("secret")) {
                Path file = secretFile(m);
                if (file != null && m.target() != null) {
                    // A copy with the mode and owner asked for, bound read-only, in a directory only this
                    // process's user can enter: a host user with the secret's uid cannot reach it.
                    Path dir = scratch.resolve("secrets");
                    if (!Files.isDirectory(dir)) {
                        Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                    }
                    Path copy = dir.resolve("secret-" + out.size());
                    Files.copy(file, copy);
                    sys.fchownat(Syscalls.AT_FDCWD, copy.toString(), m.secret().uid(), m.secret().gid(), 0);
                    sys.fchmodat(Syscalls.AT_FDCWD, copy.toString(), m.secret().mode() & 07777, 0);
                    out.add(Mount.bind(copy, m.target(), true));
                }
            } else if (m.type().equals("ssh")) {
                Path socket = sshSocket(m);
                if (socket != null) {
                    out.add(Mount.bind(socket, m.target(), false));
                }
            } else if (m.type().equals("tmpfs")) {
                out.add(Mount.tmpfs(m.target(), Mount.MS_NOSUID | Mount.MS_NODEV,
                        m.source() == null ? "mode=755" : "mode=755,size=" + m.source()));
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
     * The variables the command gets for its secrets ({@code env=NAME}: the secret's content) and
     * SSH sockets ({@code SSH_AUTH_SOCK}, the first one's target), for this command only.
     */
    Map<String, String> environment(List<RunMount> mounts) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (RunMount m : mounts) {
            if (m.type().equals("secret") && m.secret().env() != null) {
                Path file = secretFile(m);
                if (file != null) {
                    env.put(m.secret().env(), Files.readString(file, StandardCharsets.UTF_8));
                }
            } else if (m.type().equals("ssh") && !env.containsKey("SSH_AUTH_SOCK") && sshSocket(m) != null) {
                env.put("SSH_AUTH_SOCK", m.target());
            }
        }
        return env;
    }

    /** The secret's file, or null when the build has none and the mount is not required. */
    private Path secretFile(RunMount m) {
        Path file = options.secrets().get(m.id());
        return given(m, file, file != null && Files.isRegularFile(file), "secret " + m.id() + ": not provided to the"
                + " build (build --secret id=" + m.id() + ",src=FILE)", "is not a file");
    }

    /** The SSH agent socket, or null when the build has none and the mount is not required. */
    private Path sshSocket(RunMount m) {
        Path socket = options.sshSockets().get(m.id());
        return given(m, socket, socket != null && Files.exists(socket), "ssh " + m.id() + ": no SSH agent socket given"
                + " to the build (build --ssh " + m.id() + "[=SOCKET])", "does not exist");
    }

    /** {@code path} when usable; else null, or the error {@code missing} when the mount is required. */
    private static Path given(RunMount m, Path path, boolean usable, String missing, String unusable) {
        if (usable) {
            return path;
        }
        if (m.secret().required()) {
            throw new IllegalArgumentException(missing + (path == null ? "" : "; " + path + " " + unusable));
        }
        return null;
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
