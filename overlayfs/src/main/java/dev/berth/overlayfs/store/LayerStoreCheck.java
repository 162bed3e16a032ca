package dev.berth.overlayfs.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LayerStore#check()} found. A problem is an inconsistency no crash of a correct
 * writer can leave: a complete layer whose parent is missing, whose files or short link are
 * gone, or a reference to a layer not in the store. A leftover is what a crashed writer leaves
 * and {@link LayerStore#removeLeftovers()} removes: staging directories of dead owners,
 * directories that never became complete layers, short links to no layer. The layout is the
 * one {@link LayerStore} documents; chain ids follow
 * <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec config.md</a>.
 *
 * @param layers the complete layers checked
 * @param problems one sentence per inconsistency, naming the layer
 * @param leftovers the paths a crash left behind
 */
public record LayerStoreCheck(int layers, List<String> problems, List<Path> leftovers) {
    public LayerStoreCheck {
        problems = List.copyOf(problems);
        leftovers = List.copyOf(leftovers);
    }

    static LayerStoreCheck of(LayerStore store, Path layersDir) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<ChainId, StoredLayer> all = new HashMap<>();
        for (StoredLayer l : store.list()) {
            all.put(l.chainId(), l);
        }
        for (StoredLayer l : all.values()) {
            if (l.parent() != null && !all.containsKey(l.parent())) {
                problems.add("layer " + l.chainId() + ": its parent " + l.parent() + " is not in the store");
            }
            if (!Files.isDirectory(l.diff(), LinkOption.NOFOLLOW_LINKS)) {
                problems.add("layer " + l.chainId() + ": its files " + l.diff() + " are missing");
            } else if (!Files.isSymbolicLink(l.shortPath()) || !Files.exists(l.shortPath())
                    || !Files.isSameFile(l.shortPath(), l.diff())) {
                problems.add("layer " + l.chainId() + ": its short link " + l.shortPath() + " does not lead to " + l.diff());
            }
        }
        for (Map.Entry<ChainId, List<String>> ref : store.holders().entrySet()) {
            if (!all.containsKey(ref.getKey())) {
                problems.add("layer " + ref.getKey() + " is referenced by " + ref.getValue() + " but is not in the store");
            }
        }
        List<Path> leftovers = new ArrayList<>(store.staleStaging());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layersDir)) {
            for (Path d : ds) {
                String name = d.getFileName().toString();
                if (!name.matches("[0-9a-f]{64}") || !all.containsKey(new ChainId("sha256:" + name))) {
                    leftovers.add(d);
                }
            }
        }
        leftovers.addAll(store.danglingLinks());
        return new LayerStoreCheck(all.size(), problems, leftovers);
    }
}
