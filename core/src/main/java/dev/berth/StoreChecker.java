package dev.berth;

import dev.berth.image.Digest;
import dev.berth.image.store.IdleStore;
import dev.berth.image.store.ImageStoreCheck;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStoreCheck;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a home across its stores ({@link Berth#check()}) and removes the leftovers that span
 * them ({@link Berth#open()}): layer references whose holder, a container or a pulled image, is
 * gone. A container holds its layers as "container ID" and takes the reference only after its
 * directory exists; a pull holds them by manifest digest ("sha256:..." or "image sha256:...")
 * before the manifest is stored, so such a reference is a leftover only while no pull runs.
 * It also names the home's and runtime directory's paths that other host users could reach
 * ({@link PrivateDirectories#loose}).
 */
final class StoreChecker {
    private static final Pattern IMAGE_HOLDER = Pattern.compile("(?:image )?(sha256:[0-9a-f]{64})");
    private static final String CONTAINER_HOLDER = "container ";

    private final Berth berth;

    StoreChecker(Berth berth) {
        this.berth = berth;
    }

    StoreCheck check() throws IOException {
        ImageStoreCheck images = berth.store().check();
        LayerStoreCheck layers = berth.layers().check();
        List<String> problems = new ArrayList<>(images.problems());
        problems.addAll(layers.problems());
        List<String> leftovers = new ArrayList<>();
        images.leftovers().forEach(p -> leftovers.add("image store staging file " + p));
        layers.leftovers().forEach(p -> leftovers.add("layer store staging or incomplete layer " + p));
        Map<ChainId, List<String>> holders = berth.layers().holders();
        int containers = 0;
        for (Path d : containerDirectories()) {
            containers++;
            checkContainer(d, holders, problems, leftovers);
        }
        for (Map.Entry<ChainId, String> e : danglingReferences(holders, true)) {
            leftovers.add("layer " + e.getKey() + " referenced by " + e.getValue() + ", which is gone");
        }
        problems.addAll(PrivateDirectories.loose(berth.home(), berth.runtimeDirectory()));
        return new StoreCheck(images.blobs(), images.bytesVerified(), layers.layers(), containers, problems, leftovers,
                berth.tightenedOnOpen());
    }

    private void checkContainer(Path d, Map<ChainId, List<String>> holders, List<String> problems, List<String> leftovers)
            throws IOException {
        String id = d.getFileName().toString();
        ContainerDirectory dir = ContainerDirectory.of(berth.containersDirectory(), id);
        if (ContainerRecovery.isAbandoned(dir)) {
            leftovers.add(Files.exists(d.resolve("config.json")) && ContainerRecovery.exitedAutoRemove(dir)
                    ? "container " + id + " (--rm) that exited after its JVM had gone, not yet removed"
                    : "container " + id + " of a JVM that is gone");
            return;
        }
        if (!Files.exists(d.resolve("config.json"))) {
            return; // being created
        }
        ContainerConfig config = dir.readConfig();
        ChainId top = new ChainId(config.image().topLayer());
        if (berth.layers().get(top).isEmpty()) {
            problems.add("container " + id + ": its top layer " + top + " is not in the layer store");
        } else if (!holders.getOrDefault(top, List.of()).contains(Container.layerHolder(id))) {
            problems.add("container " + id + ": it holds no reference to its top layer " + top);
        }
    }

    /**
     * Removes the leftovers that span the stores; runs after {@link ContainerRecovery}. References
     * of dead pulls go only while the image store is idle (no lease anywhere).
     */
    List<String> removeLeftovers() throws IOException {
        List<String> removed = new ArrayList<>();
        berth.layers().removeLeftovers().forEach(p -> removed.add(p.toString()));
        Optional<IdleStore> idle = berth.store().tryIdle();
        try {
            if (idle.isPresent()) {
                idle.get().removeStaging().forEach(p -> removed.add(p.toString()));
            }
            for (Map.Entry<ChainId, String> e : danglingReferences(berth.layers().holders(), idle.isPresent())) {
                berth.layers().release(e.getKey(), e.getValue());
                removed.add("reference of " + e.getValue() + " to " + e.getKey());
            }
        } finally {
            idle.ifPresent(IdleStore::close);
        }
        return removed;
    }

    /** References whose container directory is gone, and (with {@code images}) whose image manifest is. */
    private List<Map.Entry<ChainId, String>> danglingReferences(Map<ChainId, List<String>> holders, boolean images) {
        List<Map.Entry<ChainId, String>> out = new ArrayList<>();
        holders.forEach((id, names) -> {
            for (String h : names) {
                Matcher m = IMAGE_HOLDER.matcher(h);
                boolean gone = h.startsWith(CONTAINER_HOLDER)
                        ? !Files.isDirectory(berth.containersDirectory().resolve(h.substring(CONTAINER_HOLDER.length())))
                        : images && m.matches() && !berth.store().hasBlob(Digest.parse(m.group(1)));
                if (gone) {
                    out.add(Map.entry(id, h));
                }
            }
        });
        return out;
    }

    private List<Path> containerDirectories() throws IOException {
        if (!Files.isDirectory(berth.containersDirectory())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(berth.containersDirectory())) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
