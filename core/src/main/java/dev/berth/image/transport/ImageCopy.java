package dev.berth.image.transport;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one operation between two transports (containers/image's
 * <a href="https://github.com/containers/image/blob/main/copy/copy.go">copy.Image</a>): every image of
 * the source goes to the destination, blobs the destination lacks first (each streamed and checked
 * against its digest), then its manifests as the source holds them byte for byte, so digests stay the
 * same; last the destination names them. Pull, push, load, save and {@code berth copy} are this.
 *
 * <p>An index goes along whole when the destination takes it ({@link ImageDestination.Indexes});
 * otherwise the copy carries the image for {@code platform} alone.
 */
public final class ImageCopy {
    /** Manifests, indexes and configs are read whole; refuse anything larger. */
    private static final long MAX_DOCUMENT = 64L << 20;

    private final ImageSource source;
    private final ImageDestination destination;
    private final Platform platform;

    private ImageCopy(ImageSource source, ImageDestination destination, Platform platform) {
        this.source = source;
        this.destination = destination;
        this.platform = platform;
    }

    /** Copies every image of {@code source} to {@code destination}; returns them as the destination named them. */
    public static List<NamedImage> copy(ImageSource source, ImageDestination destination) throws IOException {
        return copy(source, destination, Platform.host());
    }

    /** As {@link #copy(ImageSource, ImageDestination)}, choosing {@code platform} where an index cannot go whole. */
    public static List<NamedImage> copy(ImageSource source, ImageDestination destination, Platform platform)
            throws IOException {
        Optional<List<NamedImage>> direct = source.copyDirectlyTo(destination);
        if (direct.isEmpty()) {
            direct = destination.copyDirectly(source);
        }
        if (direct.isPresent()) {
            return direct.get();
        }
        return new ImageCopy(source, destination, platform).run();
    }

    private List<NamedImage> run() throws IOException {
        List<NamedImage> images = source.images();
        if (images.isEmpty()) {
            throw new IOException(source.describe() + " holds no image to copy");
        }
        List<NamedImage> copied = new ArrayList<>();
        for (NamedImage image : images) {
            copied.add(image.withTop(copyTop(image.top())));
        }
        destination.commit(copied);
        return copied;
    }

    /** Copies a top-level manifest or index; returns what the destination now has for it. */
    private Descriptor copyTop(Descriptor top) throws IOException {
        if (!MediaType.isIndex(top.mediaType())) {
            copyManifest(top);
            return top;
        }
        byte[] bytes = document(top);
        Document<ImageIndex> index = ImageIndex.parse(bytes, "index " + source.describe(top));
        List<Descriptor> present = new ArrayList<>();
        for (Descriptor child : index.value().manifests()) {
            if (source.has(child)) {
                present.add(child);
            }
        }
        boolean whole = present.size() == index.value().manifests().size();
        ImageDestination.Indexes takes = destination.indexes();
        if (takes == ImageDestination.Indexes.NONE || (!whole && takes == ImageDestination.Indexes.COMPLETE)) {
            Descriptor chosen = index.value().manifestFor(platform).orElseThrow(() -> new IOException("index "
                    + source.describe(top) + " has no image for platform " + platform + ", and " + destination.describe()
                    + " cannot take the index " + (takes == ImageDestination.Indexes.NONE ? "" : "without all its images")));
            if (!source.has(chosen)) {
                throw new IOException(source.describe() + " lacks the image for platform " + platform + " ("
                        + chosen.digest() + ") of index " + top.digest());
            }
            copyManifest(chosen);
            return Descriptor.of(chosen.mediaType(), chosen.digest(), chosen.size());
        }
        for (Descriptor child : present) {
            if (MediaType.isIndex(child.mediaType())) {
                copyTop(child);
            } else if (MediaType.isManifest(child.mediaType())) {
                copyManifest(child);
            }
        }
        destination.putManifest(top, bytes);
        return top;
    }

    private void copyManifest(Descriptor d) throws IOException {
        byte[] bytes = document(d);
        ImageManifest manifest = ImageManifest.parse(bytes, "manifest " + source.describe(d)).value();
        Descriptor config = manifest.config();
        // Read and checked before the layers, so a bad config fails the copy before it moves gigabytes.
        byte[] configBytes = null;
        if (!destination.has(config)) {
            configBytes = document(config);
            if (MediaType.isImageConfig(config.mediaType())) {
                ImageConfig.parse(configBytes, "config " + source.describe(config), config.mediaType());
            }
        }
        for (Descriptor layer : manifest.layers()) {
            boolean foreign = layer.urls() != null && !layer.urls().isEmpty();
            if (destination.has(layer) || (foreign && !source.has(layer))) {
                continue; // a non-distributable layer stays where its urls say
            }
            if (!source.has(layer)) {
                throw new IOException("manifest " + source.describe(d) + " names layer " + layer.digest()
                        + ", which " + source.describe() + " lacks");
            }
            try (InputStream in = source.open(layer)) {
                destination.putBlob(layer, in, source.describe(layer));
            }
        }
        if (configBytes != null) {
            destination.putBlob(config, new ByteArrayInputStream(configBytes), source.describe(config));
        }
        destination.putManifest(Descriptor.of(d.mediaType(), d.digest(), bytes.length), bytes);
    }

    /** A manifest, index or config, read whole and checked against its descriptor. */
    private byte[] document(Descriptor d) throws IOException {
        if (d.size() > MAX_DOCUMENT) {
            throw new IOException(source.describe(d) + " is " + d.size() + " bytes, too large for a JSON document");
        }
        if (!source.has(d)) {
            throw new IOException(source.describe() + " names " + d.digest() + ", which it lacks");
        }
        byte[] bytes;
        try (InputStream in = source.open(d)) {
            bytes = in.readNBytes((int) MAX_DOCUMENT + 1);
        }
        Digest actual = Digest.sha256(bytes);
        if (d.digest().algorithm().equals("sha256") && !actual.equals(d.digest())) {
            throw new DigestMismatchException(d.digest(), actual, bytes.length, source.describe(d));
        }
        if (d.size() >= 0 && bytes.length != d.size()) {
            throw new IOException(source.describe(d) + " has " + bytes.length + " bytes, but its descriptor says " + d.size());
        }
        return bytes;
    }
}
