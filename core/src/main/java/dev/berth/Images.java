package dev.berth;

import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.ImageSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
}
