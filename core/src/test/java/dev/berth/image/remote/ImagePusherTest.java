package dev.berth.image.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import dev.berth.image.oci.RootFs;
import dev.berth.image.store.ImageStore;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.apply.LayerCompression;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.registry.BlobPushOutcome;
import dev.berth.image.ProgressListener;
import dev.berth.registry.testing.LocalRegistryExtension;
import dev.berth.registry.testing.RequiredTools;
import dev.berth.registry.testing.Skopeo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a real registry (distribution 2.8) and reads the result back with skopeo and the puller. */
class ImagePusherTest {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private ImagePuller puller(String name) throws IOException {
        return ImagePuller.create(ImageStore.open(work.resolve(name)), LayerStore.open(work.resolve(name + "-layers"), Host.system()),
                ImagePullerTest.anonymous());
    }

    @Test
    void pulledImagePushedToAnotherRepositoryMountsEveryBlobAndSkopeoReadsIt() throws IOException {
        RequiredTools.skopeo();
        ImageStore source = ImageStore.open(work.resolve("source"));
        Document<ImageManifest> built = RemoteTestImages.build(source, "berth.test/source:v1", RemoteTestImages.layerDirs(work.resolve("d")));
        ImageReference original = ImageReference.parse(REGISTRY.host() + "/push/original:v1");
        RemoteTestImages.skopeoPush(source, "berth.test/source:v1", original);
        ImagePuller puller = puller("images");
        puller.pull(original, Platform.host(), ProgressListener.NONE);
        ImageStore images = ImageStore.open(work.resolve("images"));
        ImageReference copy = ImageReference.parse(REGISTRY.host() + "/push/copy:v2");

        PushResult pushed = ImagePusher.create(images, ImagePullerTest.anonymous()).push(original, copy, ProgressListener.NONE);

        assertEquals(4, pushed.blobs().size());
        assertEquals(Set.of(BlobPushOutcome.MOUNTED), Set.copyOf(pushed.blobs().values()), pushed.blobs().toString());
        assertEquals(built.digest(), pushed.pushed().digest());
        JsonNode inspect = JSON.readTree(Skopeo.run("inspect", "--tls-verify=false", "docker://" + copy));
        assertEquals(built.digest().toString(), inspect.path("Digest").asText());
        assertEquals(4 - 1, inspect.path("Layers").size());
        Path layout = work.resolve("skopeo-copy");
        Skopeo.run("copy", "--src-tls-verify=false", "docker://" + copy, "oci:" + layout + ":copy");
        assertTrue(Files.isRegularFile(layout.resolve("blobs/sha256").resolve(built.digest().encoded())));
    }

    @Test
    void locallyBuiltImageIsUploadedAndPullsBackWithTheSameDigest() throws IOException {
        Path upper = work.resolve("upper");
        Files.createDirectories(upper.resolve("app"));
        Files.writeString(upper.resolve("app/main.sh"), "#!/bin/sh\necho built here\n");
        ImageStore images = ImageStore.open(work.resolve("images"));
        Path layerFile = work.resolve("layer.tar.gz");
        DiffResult diff;
        try (OutputStream out = Files.newOutputStream(layerFile)) {
            diff = LayerDiff.create(Host.system()).sourceDateEpoch(0L).compression(LayerCompression.GZIP).ofUpper(upper, out);
        }
        Digest layerDigest;
        try (var in = Files.newInputStream(layerFile)) {
            layerDigest = images.putBlob(in, Digest.parse(diff.digest()));
        }
        Document<ImageConfig> config = ImageConfig.of(Platform.host(), RootFs.of(List.of(Digest.parse(diff.diffId()))))
                .toDocument(MediaType.OCI_CONFIG);
        images.putConfig(config.bytes());
        Document<ImageManifest> manifest = ImageManifest.of(MediaType.OCI_MANIFEST, config.descriptor(),
                List.of(Descriptor.of(MediaType.OCI_LAYER_GZIP, layerDigest, Files.size(layerFile)))).toDocument();
        images.putManifest(manifest.bytes());
        ImageReference local = ImageReference.parse("berth.test/built:v1");
        images.tag(local, manifest.digest());
        ImageReference target = ImageReference.parse(REGISTRY.host() + "/push/built:v1");

        PushResult pushed = ImagePusher.create(images, ImagePullerTest.anonymous()).push(local, target, ProgressListener.NONE);
        PullResult pulled = puller("pulled").pull(target, Platform.host(), ProgressListener.NONE);

        assertEquals(List.of(BlobPushOutcome.UPLOADED, BlobPushOutcome.UPLOADED), List.copyOf(pushed.blobs().values()));
        assertEquals(manifest.digest(), pulled.manifest().digest());
        assertEquals(config.digest(), pulled.config().digest());
        assertEquals(List.of(layerDigest, config.digest()), List.copyOf(pushed.blobs().keySet()), "layers first, then the config");
    }
}
