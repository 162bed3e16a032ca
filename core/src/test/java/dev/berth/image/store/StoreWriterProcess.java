package dev.berth.image.store;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import dev.berth.image.oci.RootFs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A second JVM for {@link ConcurrentStoreTest}: writes {@code count} images tagged
 * {@code localhost/<prefix>:<i>}, each with a layer shared by every writer and one of its own, untags the odd
 * ones and collects garbage every few images.
 */
public final class StoreWriterProcess {
    private StoreWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        ImageStore store = ImageStore.open(Path.of(args[0]));
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        byte[] shared = new byte[512 * 1024];
        Arrays.fill(shared, (byte) 7);
        for (int i = 0; i < count; i++) {
            byte[] own = (prefix + " layer " + i + " ").repeat(20_000).getBytes(StandardCharsets.UTF_8);
            Document<ImageManifest> manifest;
            try (Lease lease = store.lease()) {
                Descriptor sharedLayer = Descriptor.of(MediaType.OCI_LAYER, store.putBlob(shared), shared.length);
                Descriptor ownLayer = Descriptor.of(MediaType.OCI_LAYER, store.putBlob(own), own.length);
                Document<ImageConfig> config = ImageConfig.of(Platform.host(),
                        RootFs.of(List.of(sharedLayer.digest(), ownLayer.digest()))).toDocument(MediaType.OCI_CONFIG);
                store.putConfig(config.bytes());
                manifest = ImageManifest.of(MediaType.OCI_MANIFEST, config.descriptor(), List.of(sharedLayer, ownLayer))
                        .toDocument();
                store.putManifest(manifest.bytes());
                store.tag(ImageReference.parse("localhost/" + prefix + ":" + i), manifest.digest());
            }
            if (i % 2 == 1) {
                store.untag(ImageReference.parse("localhost/" + prefix + ":" + i));
            }
            if (i % 4 == 3) {
                store.gc();
            }
        }
        Digest.sha256(new byte[0]);
        System.out.println(prefix + " done");
    }
}
