package dev.berth;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.ImageSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The images of a {@link Berth}'s store, as {@code docker image ...} handles them: list, inspect,
 * tag, untag, remove and prune. The store itself (blobs, leases, staging) stays inside Berth.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/image/">docker image</a>
 */
public final class Images {
    private final Berth berth;
    private final ImageStore store;

    Images(Berth berth, ImageStore store) {
        this.berth = berth;
        this.store = store;
    }

    /** {@code docker images}: every tag in the store, and every untagged image, in the index's order. */
    public List<ListedImage> list() throws IOException {
        List<ListedImage> out = new ArrayList<>();
        for (ImageSummary s : store.list()) {
            String digest = s.descriptor().digest().toString();
            out.add(new ListedImage(s.reference().map(Object::toString), digest,
                    s.configDigest() == null ? digest : s.configDigest().toString(), s.size(), Optional.ofNullable(s.created())));
        }
        return out;
    }

    /**
     * {@code docker image inspect}: the image {@code referenceOrDigest} names (see
     * {@link Berth#image(String)}).
     *
     * @throws dev.berth.image.store.ImageNotFoundException naming {@code referenceOrDigest}
     */
    public Image inspect(String referenceOrDigest) throws IOException {
        return berth.image(referenceOrDigest);
    }

    /**
     * The image {@code referenceOrDigest} names, or empty when the store has none, as the Engine
     * API answers "No such image" (404) before {@code docker run} pulls.
     *
     * @throws IOException when the store cannot be read
     */
    public Optional<Image> find(String referenceOrDigest) throws IOException {
        try {
            return Optional.of(berth.image(referenceOrDigest));
        } catch (dev.berth.image.store.ImageNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * dockerd's {@code Size} of an image: the bytes of its unpacked layers' files and symlink
     * targets, without tar headers; {@link Image#size()} is its blobs' size. A layer not
     * unpacked yet, or unpacked before Berth recorded content sizes, counts its tar or blob size.
     */
    public long size(Image image) {
        return berth.unpackedLayerSizes(image).values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code docker history} with each layer's unpacked size, as {@link #size(Image)} measures it. */
    public List<ImageHistory> history(Image image) {
        return image.history(List.copyOf(berth.unpackedLayerSizes(image).values()));
    }

    /** {@code docker tag}: names {@code image} {@code reference} too (moving the tag if it named another image). */
    public Image tag(Image image, String reference) throws IOException {
        return berth.tag(image, reference);
    }

    /**
     * Removes the tag (or, by digest or ID, every tag of the image) and returns the references
     * and digests untagged; the blobs stay until {@link #prune()}, so several images can be
     * untagged and then freed at once, as {@code docker rmi} with several images does.
     */
    public List<String> untag(String referenceOrDigest) throws IOException {
        List<String> untagged = new ArrayList<>();
        for (Descriptor d : store.remove(referenceOrDigest)) {
            untagged.add(d.annotation(Descriptor.REF_NAME).orElse(d.digest().toString()));
        }
        return untagged;
    }

    /** {@code docker rmi}: {@link #untag(String)} then {@link #prune()}; returns what was untagged. */
    public List<String> remove(String referenceOrDigest) throws IOException {
        return berth.removeImage(referenceOrDigest);
    }

    /** {@code docker image prune}: see {@link Berth#collectGarbage()}. */
    public Pruned prune() throws IOException {
        return berth.collectGarbage();
    }

    /**
     * {@code docker rmi [--force]}, as Docker decides it: a tag of an image that has others is
     * only untagged; the last tag, or the image by ID or digest, removes the image, unless a
     * container uses it or (by ID) several tags name it, which needs {@code force}. A forced
     * removal of an image a container uses untags it and keeps it, untagged (dangling); an image
     * a running container uses cannot be removed by ID even then. The blobs no image needs any
     * more are collected.
     *
     * @throws dev.berth.image.store.ImageNotFoundException naming {@code referenceOrDigest}
     * @throws ImageInUseException with Docker's conflict message when force is needed (or does not help)
     */
    public ImageRemoval remove(String referenceOrDigest, boolean force) throws IOException {
        Image image = berth.image(referenceOrDigest);
        String short12 = shortId(image.id());
        List<Container> users = usersOf(image);
        Optional<ImageReference> tag = store.tagNamedBy(referenceOrDigest);
        if (tag.isPresent() && image.tags().size() > 1) {
            return recorded(image, new ImageRemoval(untag(referenceOrDigest), List.of(), 0));
        }
        if (tag.isPresent()) {
            if (!users.isEmpty() && !force) {
                throw new ImageInUseException("conflict: unable to remove repository reference \"" + referenceOrDigest
                        + "\" (must force) - container " + shortId(users.get(0).id()) + " is using its referenced image "
                        + short12);
            }
        } else {
            Optional<Container> running = users.stream().filter(c -> c.state().running()).findFirst();
            if (running.isPresent()) {
                throw new ImageInUseException("conflict: unable to delete " + short12 + " (cannot be forced) - image is"
                        + " being used by running container " + shortId(running.get().id()));
            }
            if (!force && image.tags().size() > 1) {
                throw new ImageInUseException("conflict: unable to delete " + short12 + " (must be forced) - image is"
                        + " referenced in multiple repositories");
            }
            if (!force && !users.isEmpty()) {
                throw new ImageInUseException("conflict: unable to delete " + short12 + " (must be forced) - image is"
                        + " being used by stopped container " + shortId(users.get(0).id()));
            }
        }
        String resolved = image.details().resolved().digest().toString();
        List<String> untagged = untag(tag.isPresent() ? referenceOrDigest : resolved);
        untagged.removeIf(u -> u.startsWith("sha256:"));
        if (!users.isEmpty()) {
            store.retain(dev.berth.image.Digest.parse(resolved)); // still in use: kept, untagged, as Docker's dangling image
            return recorded(image, new ImageRemoval(untagged, List.of(), 0));
        }
        Pruned pruned = berth.collectGarbage();
        return recorded(image, new ImageRemoval(untagged, List.of(image.id()), pruned.bytesFreed()));
    }

    /**
     * {@code docker image prune [--all] [--filter ...]}: removes the images no container uses
     * that {@code filter} accepts: only the untagged (dangling) ones when {@code danglingOnly},
     * else every one (each tag is removed). Then collects the blobs and layers nothing needs.
     */
    public ImageRemoval prune(boolean danglingOnly, Predicate<Image> filter) throws IOException {
        Set<String> used = new HashSet<>();
        for (Container c : berth.listContainers()) {
            used.add(c.imageDigest());
        }
        Set<String> tagged = new HashSet<>();
        List<ImageSummary> entries = store.list();
        for (ImageSummary s : entries) {
            if (s.name() != null) {
                tagged.add(s.descriptor().digest().toString());
            }
        }
        List<String> untagged = new ArrayList<>();
        Set<String> candidates = new LinkedHashSet<>();
        for (ImageSummary s : entries) {
            String digest = s.descriptor().digest().toString();
            boolean dangling = s.name() == null && !tagged.contains(digest);
            if (danglingOnly && !dangling || s.name() == null && !dangling) {
                continue;
            }
            Image image;
            try {
                image = new Image(s.name(), store.inspect(digest));
            } catch (IOException | RuntimeException e) {
                continue; // an index without this platform's manifest: not an image this host runs
            }
            if (used.contains(image.digest()) || used.contains(digest) || !filter.test(image)) {
                continue;
            }
            if (s.name() != null) {
                List<String> names = untag(s.name());
                names.forEach(n -> berth.events().record(ImageEvents.untagged(image)));
                untagged.addAll(names);
            } else {
                untag(digest);
            }
            candidates.add(image.id());
        }
        List<String> deleted = new ArrayList<>();
        for (String id : candidates) {
            if (list().stream().noneMatch(i -> i.id().equals(id))) {
                deleted.add(id);
                berth.events().record(Event.image("delete", id, java.util.Map.of("name", id)));
            }
        }
        Pruned pruned = berth.collectGarbage();
        return new ImageRemoval(untagged, deleted, pruned.bytesFreed());
    }

    /** Records the untag and delete events of a removal, as Docker's image service does. */
    private ImageRemoval recorded(Image image, ImageRemoval removal) {
        for (String name : removal.untagged()) {
            berth.events().record(ImageEvents.untagged(image));
        }
        for (String id : removal.deleted()) {
            berth.events().record(Event.image("delete", id, java.util.Map.of("name", id)));
        }
        return removal;
    }

    /** The containers in the home (any JVM's, running or not) made from {@code image}. */
    public List<Container> usersOf(Image image) throws IOException {
        return berth.listContainers().stream()
                .filter(c -> c.imageDigest().equals(image.digest()) || c.imageDigest().equals(image.details().resolved().digest().toString()))
                .toList();
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
