package dev.berth.build.context;

import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.LayerStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The merged root of unpacked layers (highest first), as {@code COPY --from} reads another stage
 * or an image: whiteouts hide, opaque directories cut off what is below
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">layer.md</a>).
 */
public final class LayerTree implements SourceTree {
    private final Syscalls sys;
    private final List<Path> layers;
    private final String description;

    /** The tree of {@code layersHighestFirst}, read through {@code sys}. */
    public LayerTree(Syscalls sys, List<Path> layersHighestFirst, String description) {
        this.sys = sys;
        this.layers = List.copyOf(layersHighestFirst);
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<SourceFile> find(String path) throws IOException {
        Optional<LayerStack.Node> node = node(path);
        return node.map(n -> new SourceFile(path, n.source(), n.stat()));
    }

    @Override
    public List<SourceFile> children(SourceFile dir) throws IOException {
        List<SourceFile> out = new ArrayList<>();
        Optional<LayerStack.Node> node = node(dir.path());
        if (node.isPresent()) {
            for (LayerStack.Node c : node.get().children()) {
                out.add(new SourceFile(c.path(), c.source(), c.stat()));
            }
        }
        return out;
    }

    private Optional<LayerStack.Node> node(String path) throws IOException {
        if (layers.isEmpty()) {
            return Optional.empty();
        }
        LayerStack.Node node = new LayerStack(sys, layers).root();
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            if (node.stat().isSymlink()) {
                return Optional.empty();
            }
            node = node.children().stream().filter(c -> c.path().endsWith("/" + name) || c.path().equals(name))
                    .findFirst().orElse(null);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }
}
