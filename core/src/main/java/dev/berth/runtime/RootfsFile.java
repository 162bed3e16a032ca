package dev.berth.runtime;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.TreeOwners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads one regular file of a container's root as overlayfs would show it, straight from the
 * layer directories (highest first), without mounting anything: how the image's
 * {@code /etc/passwd} and {@code /etc/group} are read before the container starts, as Docker
 * reads them from the container's root for {@code User}.
 */
public final class RootfsFile {
    private RootfsFile() {
    }

    /**
     * The content of {@code path} (absolute, inside the root); empty when it is missing or not
     * a regular file (a symlink is not followed: passwd and group are regular files in practice).
     */
    public static Optional<byte[]> read(Syscalls sys, List<Path> layersHighestFirst, String path) throws IOException {
        Optional<LayerStack.Node> node = find(sys, layersHighestFirst, path);
        return node.isPresent() && node.get().stat().isRegular()
                ? Optional.of(Files.readAllBytes(node.get().source())) : Optional.empty();
    }

    /**
     * Makes directory {@code path} in the container's {@code upper} directory where the image
     * lacks it, as Docker makes a missing working directory at create time: a read-only root
     * cannot get it later. Parents the image has are made in the upper with their mode and
     * owner, so the merged view shows them unchanged; new ones are 0755 and owned by root.
     * Where the image has a non-directory on the way, nothing is made: the launch then fails
     * naming the path.
     */
    public static void makeDirectory(Host host, List<Path> lowersHighestFirst, Path upper, String path)
            throws IOException {
        TreeOwners owners = TreeOwners.of(host, upper);
        makeDirectory(host.syscalls(), lowersHighestFirst, upper, path, owners);
        owners.finish();
    }

    /**
     * {@link #makeDirectory(Host, List, Path, String)} with the owners given through {@code owners},
     * whose {@link TreeOwners#finish()} the caller calls once it has written all it writes.
     */
    public static void makeDirectory(Syscalls sys, List<Path> lowersHighestFirst, Path upper, String path,
            TreeOwners owners) throws IOException {
        Path dir = upper;
        StringBuilder walked = new StringBuilder();
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            walked.append('/').append(name);
            dir = dir.resolve(name);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Optional<LayerStack.Node> below = find(sys, lowersHighestFirst, walked.toString());
            if (below.isPresent() && !below.get().stat().isDirectory()) {
                return;
            }
            Files.createDirectory(dir);
            FileStat st = below.map(LayerStack.Node::stat).orElse(null);
            owners.set(dir, st == null ? 0 : owners.containerUid(st.uid()), st == null ? 0 : owners.containerGid(st.gid()),
                    st == null ? 0755 : st.permissions());
        }
    }

    private static Optional<LayerStack.Node> find(Syscalls sys, List<Path> layersHighestFirst, String path)
            throws IOException {
        return new LayerStack(sys, layersHighestFirst).find(path);
    }
}
