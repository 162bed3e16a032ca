package dev.berth.image.store;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns what a user types (a tag, a digest, an image ID or its prefix) into the store's manifests. */
final class ImageResolver {
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{4,64}");

    private final ImageStore store;

    ImageResolver(ImageStore store) {
        this.store = store;
    }

    /**
     * The input as a plain tag reference, when it is one (not a digest, not an ID): a hex
     * string that names no tag is an ID prefix, as {@link #resolve} takes it.
     */
    Optional<ImageReference> asTag(String input) {
        if (isDigest(input) || input.length() == 64 && HEX.matcher(input).matches()
                || input.startsWith("sha256:") && HEX.matcher(input.substring(7)).matches()) {
            return Optional.empty();
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(input);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ref.digest().isPresent()) {
            return Optional.empty();
        }
        if (HEX.matcher(input).matches() && !names(ref.toString())) {
            return Optional.empty();
        }
        return Optional.of(ref);
    }

    /** Whether an entry of the store is tagged {@code name}. */
    private boolean names(String name) {
        try {
            return store.entries().stream().anyMatch(e -> name.equals(e.annotation(Descriptor.REF_NAME).orElse(null)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A digest of a computable algorithm; "name:tag" also matches the digest grammar, so that alone is not enough. */
    private static boolean isDigest(String input) {
        return Digest.isValid(input) && Digest.parse(input).isVerifiable();
    }

    Descriptor resolve(String input) throws IOException {
        List<Descriptor> entries = store.entries();
        if (isDigest(input)) {
            return byDigest(Digest.parse(input), entries, input);
        }
        if (input.length() == 64 && HEX.matcher(input).matches()) {
            return byDigest(Digest.parse("sha256:" + input), entries, input);
        }
        if (input.startsWith("sha256:") && HEX.matcher(input.substring(7)).matches()) {
            return byPrefix(input.substring(7), entries); // a short ID with its algorithm, as docker takes it
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(input);
        } catch (IllegalArgumentException e) {
            if (HEX.matcher(input).matches()) {
                return byPrefix(input, entries);
            }
            throw e;
        }
        if (ref.digest().isPresent()) {
            return byDigest(ref.digest().get(), entries, input);
        }
        String name = ref.toString();
        for (Descriptor e : entries) {
            String refName = e.annotation(Descriptor.REF_NAME).orElse(null);
            if (name.equals(refName)) {
                return e;
            }
        }
        if (HEX.matcher(input).matches()) {
            return byPrefix(input, entries);
        }
        throw new ImageNotFoundException("no image " + input + " (" + name + ") in the image store " + store.root());
    }

    private Descriptor byDigest(Digest digest, List<Descriptor> entries, String input) throws IOException {
        for (Descriptor e : entries) {
            if (e.digest().equals(digest)) {
                return e.withAnnotations(null);
            }
        }
        if (store.hasBlob(digest)) {
            Document<?> doc = tryManifest(digest);
            if (doc != null) {
                return doc.descriptor();
            }
        }
        for (Descriptor e : entries) {
            Optional<Digest> config = configOf(e);
            if (config.isPresent() && config.get().equals(digest)) {
                return e.withAnnotations(null);
            }
        }
        throw new ImageNotFoundException("no image with digest or ID " + input + " in the image store " + store.root());
    }

    private Document<?> tryManifest(Digest digest) {
        try {
            return store.readManifestOrIndex(digest);
        } catch (IOException e) {
            return null;
        }
    }

    private Descriptor byPrefix(String prefix, List<Descriptor> entries) throws IOException {
        Map<Digest, Descriptor> matches = new LinkedHashMap<>();
        for (Descriptor e : entries) {
            Optional<Digest> config = configOf(e);
            if (e.digest().encoded().startsWith(prefix) || config.isPresent() && config.get().encoded().startsWith(prefix)) {
                matches.put(e.digest(), e.withAnnotations(null));
            }
        }
        if (matches.size() == 1) {
            return matches.values().iterator().next();
        }
        throw new ImageNotFoundException(matches.isEmpty()
                ? "no image " + prefix + " in the image store " + store.root()
                : "image ID prefix " + prefix + " is ambiguous: it matches " + matches.keySet());
    }

    private Optional<Digest> configOf(Descriptor entry) throws IOException {
        if (!MediaType.isManifest(entry.mediaType()) || !store.hasBlob(entry.digest())) {
            return Optional.empty();
        }
        return Optional.of(store.readManifest(entry.digest()).value().config().digest());
    }

    ImageDetails inspect(Descriptor resolved, Platform platform) throws IOException {
        Optional<Document<ImageIndex>> index = Optional.empty();
        Descriptor manifestDescriptor = resolved;
        if (MediaType.isIndex(resolved.mediaType())) {
            Document<ImageIndex> doc = store.readIndex(resolved.digest());
            index = Optional.of(doc);
            manifestDescriptor = doc.value().manifestFor(platform).orElseThrow(() -> new ImageNotFoundException(
                    "index " + resolved.digest() + " has no manifest for platform " + platform));
        } else if (!MediaType.isManifest(resolved.mediaType())) {
            throw new ImageNotFoundException(resolved.digest() + " is " + resolved.mediaType() + ", not an image");
        }
        Document<ImageManifest> manifest = store.readManifest(manifestDescriptor.digest());
        Document<ImageConfig> config = store.readConfig(manifest.value().config());
        return new ImageDetails(resolved, index, manifest, config, tagsOf(resolved.digest(), false),
                tagsOf(resolved.digest(), true));
    }

    /** The tags of {@code digest}; only those a pull or push set when {@code fromRegistry}. */
    private List<ImageReference> tagsOf(Digest digest, boolean fromRegistry) throws IOException {
        List<ImageReference> tags = new ArrayList<>();
        for (Descriptor e : store.entries()) {
            if (e.digest().equals(digest) && (!fromRegistry || e.annotation(Descriptor.FROM_REGISTRY).isPresent())) {
                e.annotation(Descriptor.REF_NAME).flatMap(this::asTag).ifPresent(tags::add);
            }
        }
        return tags;
    }

    ImageSummary summarise(Descriptor entry) throws IOException {
        String name = entry.annotation(Descriptor.REF_NAME).orElse(null);
        long size = entry.size();
        Digest config = null;
        Instant created = null;
        if (MediaType.isManifest(entry.mediaType()) && store.hasBlob(entry.digest())) {
            ImageManifest manifest = store.readManifest(entry.digest()).value();
            config = manifest.config().digest();
            size += manifest.config().size() + manifest.layers().stream().mapToLong(Descriptor::size).sum();
            if (store.hasBlob(config) && MediaType.isImageConfig(manifest.config().mediaType())) {
                created = store.readConfig(manifest.config()).value().created();
            }
        }
        return new ImageSummary(name, entry.withAnnotations(entry.annotations()), config, size, created);
    }
}
