package dev.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.BusyboxRootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveTest {
    @TempDir
    Path tmp;
    ImageStore source;
    ImageStore target;
    Document<ImageManifest> image;
    Path layerA;
    Path layerB;

    @BeforeEach
    void twoLayerImage() throws IOException {
        source = ImageStore.open(tmp.resolve("source"));
        target = ImageStore.open(tmp.resolve("target"));
        layerA = TestImages.layerWithFile(Files.createDirectories(tmp.resolve("a")), "etc/a.txt", "first layer\n");
        layerB = TestImages.layerWithFile(Files.createDirectories(tmp.resolve("b")), "etc/b.txt", "second layer\n");
        image = TestImages.build(source, "localhost/app:1", List.of(layerA, layerB), true);
    }

    @Test
    void exportWritesDockerSaveLayoutWithUncompressedLayersNamedByDiffId() throws IOException {
        Path archive = tmp.resolve("app.tar");
        DockerArchive.export(source, List.of("localhost/app:1"), archive);
        Map<String, byte[]> files = TarEntries.read(archive);
        Digest imageId = image.value().config().digest();
        Digest diffA = Digest.sha256(Files.readAllBytes(layerA));
        Digest diffB = Digest.sha256(Files.readAllBytes(layerB));
        assertEquals(List.of(diffA.encoded() + ".tar", diffB.encoded() + ".tar", imageId.encoded() + ".json",
                "manifest.json", "repositories"), List.copyOf(files.keySet()));
        assertArrayEquals(Files.readAllBytes(layerA), files.get(diffA.encoded() + ".tar"));
        assertArrayEquals(source.readBlob(imageId), files.get(imageId.encoded() + ".json"));
        assertEquals("[{\"Config\":\"" + imageId.encoded() + ".json\",\"RepoTags\":[\"localhost/app:1\"],\"Layers\":[\""
                + diffA.encoded() + ".tar\",\"" + diffB.encoded() + ".tar\"]}]",
                new String(files.get("manifest.json"), StandardCharsets.UTF_8));
        assertEquals("{\"localhost/app\":{\"1\":\"" + diffB.encoded() + "\"}}",
                new String(files.get("repositories"), StandardCharsets.UTF_8));
    }

    @Test
    void exportIsReproducible() throws IOException {
        DockerArchive.export(source, List.of("localhost/app:1"), tmp.resolve("one.tar"));
        DockerArchive.export(source, List.of("localhost/app:1"), tmp.resolve("two.tar"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("one.tar")), Files.readAllBytes(tmp.resolve("two.tar")));
    }

    @Test
    void importRestoresImageIdLayersAndTags() throws IOException {
        Path archive = tmp.resolve("app.tar");
        DockerArchive.export(source, List.of("localhost/app:1", image.digest().toString()), archive);
        List<LoadedImage> loaded = DockerArchive.importInto(target, archive);
        assertEquals(2, loaded.size());
        assertEquals(List.of(ImageReference.parse("localhost/app:1")), loaded.get(0).tags());
        assertEquals(List.of(), loaded.get(1).tags());
        ImageDetails d = target.inspect("localhost/app:1");
        assertEquals(image.value().config().digest(), d.config().digest());
        assertEquals(image.value().config().digest(), loaded.get(0).imageId());
        List<Digest> diffIds = d.config().value().rootfs().diffIds();
        List<Descriptor> layers = d.manifest().value().layers();
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(MediaType.OCI_LAYER, layers.get(i).mediaType());
            assertEquals(diffIds.get(i), layers.get(i).digest());
        }
        assertEquals(MediaType.OCI_MANIFEST, d.manifest().mediaType());
        assertEquals(2, target.entries().size());
    }

    @Test
    void importAcceptsGzipLayersAndChecksTheirDiffIds() throws IOException {
        byte[] gzipped = TestImages.gzip(layerA);
        byte[] config = source.readBlob(image.value().config().digest());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("layer-a.tar.gz", gzipped);
        files.put("layer-b.tar", Files.readAllBytes(layerB));
        files.put("config.json", config);
        files.put("manifest.json", ("[{\"Config\":\"config.json\",\"RepoTags\":[\"gz:1\"],\"Layers\":[\"layer-a.tar.gz\","
                + "\"layer-b.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        DockerArchive.importInto(target, TarEntries.write(tmp.resolve("gz.tar"), files));
        ImageDetails d = target.inspect("gz:1");
        Descriptor first = d.manifest().value().layers().get(0);
        assertEquals(MediaType.OCI_LAYER_GZIP, first.mediaType());
        assertEquals(Digest.sha256(gzipped), first.digest());
        assertEquals(gzipped.length, first.size());
        assertEquals(MediaType.OCI_LAYER, d.manifest().value().layers().get(1).mediaType());

        files.put("layer-a.tar.gz", TestImages.gzip(layerB));
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> DockerArchive.importInto(target, TarEntries.write(tmp.resolve("gz-wrong.tar"), files)));
        assertEquals(d.config().value().rootfs().diffIds().get(0), e.expected());
    }

    @Test
    void layerThatDoesNotMatchItsDiffIdFailsNamingItAndLeavesTheIndexAlone() throws IOException {
        Path archive = tmp.resolve("app.tar");
        DockerArchive.export(source, List.of("localhost/app:1"), archive);
        Map<String, byte[]> files = TarEntries.read(archive);
        Digest diffB = Digest.sha256(Files.readAllBytes(layerB));
        byte[] layer = files.get(diffB.encoded() + ".tar");
        layer[600] ^= 1;
        Path tampered = TarEntries.write(tmp.resolve("tampered.tar"), files);
        byte[] indexBefore = Files.readAllBytes(target.root().resolve("index.json"));
        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> DockerArchive.importInto(target, tampered));
        assertEquals(diffB, e.expected());
        assertTrue(e.getMessage().contains(diffB.encoded() + ".tar in docker-archive " + tampered), e.getMessage());
        assertArrayEquals(indexBefore, Files.readAllBytes(target.root().resolve("index.json")));
        assertTrue(!target.hasBlob(e.actual()));
    }

    @Test
    void truncatedArchiveFailsNamingIt() throws IOException {
        Path archive = tmp.resolve("app.tar");
        DockerArchive.export(source, List.of("localhost/app:1"), archive);
        byte[] whole = Files.readAllBytes(archive);
        Path truncated = tmp.resolve("truncated.tar");
        Files.write(truncated, java.util.Arrays.copyOf(whole, 5000));
        IOException e = assertThrows(IOException.class, () -> DockerArchive.importInto(target, truncated));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
        assertEquals(List.of(), target.entries());
    }

    @Test
    void badManifestJsonNamesTheFileAndTheProblem() throws IOException {
        Path archive = TarEntries.write(tmp.resolve("bad.tar"),
                Map.of("manifest.json", "[{\"Config\": }]".getBytes(StandardCharsets.UTF_8)));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> DockerArchive.importInto(target, archive));
        assertTrue(e.getMessage().startsWith("manifest.json in docker-archive " + archive + " is not valid JSON: "),
                e.getMessage());
    }

    @Test
    void missingConfigAndMissingManifestAreNamed() throws IOException {
        Path noConfig = TarEntries.write(tmp.resolve("noconfig.tar"), Map.of("manifest.json",
                "[{\"Config\":\"abc.json\",\"RepoTags\":null,\"Layers\":[]}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals("docker-archive " + noConfig + " has no file abc.json",
                assertThrows(IOException.class, () -> DockerArchive.importInto(target, noConfig)).getMessage());
        Path notAnArchive = TarEntries.write(tmp.resolve("other.tar"), Map.of("hello", new byte[] {1}));
        assertTrue(assertThrows(IOException.class, () -> DockerArchive.importInto(target, notAnArchive)).getMessage()
                .contains("has no manifest.json"));
    }

    @Test
    void skopeoReadsWhatBerthWritesAndBerthReadsWhatSkopeoWrites() throws IOException {
        TestImages.assumeTool("skopeo", "skopeo");
        ImageStore store = ImageStore.open(tmp.resolve("busybox-store"));
        Path rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        Document<ImageManifest> busybox = TestImages.build(store, "localhost/busybox:1",
                List.of(TestImages.tar(rootfs, tmp.resolve("busybox.tar"))), true);
        Path ours = tmp.resolve("berth.tar");
        DockerArchive.export(store, List.of("localhost/busybox:1"), ours);
        String config = TestImages.run("skopeo", "inspect", "--config", "--raw", "docker-archive:" + ours);
        assertEquals(busybox.value().config().digest(), Digest.sha256(config.getBytes(StandardCharsets.UTF_8)));
        TestImages.run("skopeo", "copy", "docker-archive:" + ours, "oci:" + tmp.resolve("layout") + ":x");

        Path theirs = tmp.resolve("skopeo.tar");
        TestImages.run("skopeo", "copy", "oci:" + store.root() + ":localhost/busybox:1",
                "docker-archive:" + theirs + ":localhost/from-skopeo:2");
        List<LoadedImage> loaded = DockerArchive.importInto(target, theirs);
        assertEquals(List.of(ImageReference.parse("localhost/from-skopeo:2")), loaded.get(0).tags());
        assertEquals(busybox.value().config().digest(), target.inspect("localhost/from-skopeo:2").config().digest());
    }

    @Test
    void podmanLoadsWhatBerthWrites() throws IOException {
        TestImages.assumeTool("podman", "podman");
        Path ours = tmp.resolve("berth.tar");
        DockerArchive.export(source, List.of("localhost/app:1"), ours);
        String out = TestImages.run("podman", "load", "-i", ours.toString());
        assertTrue(out.contains("localhost/app:1"), out);
        try {
            String id = TestImages.run("podman", "image", "inspect", "--format", "{{.Id}}", "localhost/app:1").strip();
            assertEquals(image.value().config().digest().encoded(), id);
        } finally {
            TestImages.run("podman", "rmi", "localhost/app:1");
        }
    }

    @Test
    void exportOfALayerWithAnUnknownMediaTypeNamesTheLayer() throws IOException {
        Digest payload = source.putBlob("not a tar".getBytes(StandardCharsets.UTF_8));
        Descriptor config = image.value().config();
        Descriptor odd = Descriptor.of("application/vnd.example.payload", payload, 9);
        Document<ImageManifest> m = ImageManifest.of(MediaType.OCI_MANIFEST, config, List.of(odd, odd)).toDocument();
        source.putManifest(m.bytes());
        source.tag(ImageReference.parse("odd:1"), m.digest());
        IOException e = assertThrows(IOException.class, () -> DockerArchive.export(source, List.of("odd:1"), tmp.resolve("odd.tar")));
        assertEquals("blob " + payload + " in the image store " + source.root() + " has media type "
                + "application/vnd.example.payload, which is not a layer Berth can read", e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("odd.tar")));
    }
}
