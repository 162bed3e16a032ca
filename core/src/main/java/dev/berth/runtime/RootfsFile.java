package dev.berth.runtime;

import dev.berth.overlayfs.LayerStack;
import java.io.IOException;
import java.nio.file.Files;
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
    public static Optional<byte[]> read(List<Path> layersHighestFirst, String path) throws IOException {
        LayerStack.Node node = new LayerStack(layersHighestFirst).root();
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            node = node.children().stream().filter(c -> c.path().substring(c.path().lastIndexOf('/') + 1).equals(name))
                    .findFirst().orElse(null);
            if (node == null) {
                return Optional.empty();
            }
        }
        return node.stat().isRegular() ? Optional.of(Files.readAllBytes(node.source())) : Optional.empty();
    }
}
