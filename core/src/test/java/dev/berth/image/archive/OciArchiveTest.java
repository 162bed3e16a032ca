package dev.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveTest {
    @TempDir
    Path tmp;
    ImageStore source;
    ImageStore target;
    Document<ImageManifest> image;

    @BeforeEach
    void image() throws IOException {
        source = ImageStore.open(tmp.resolve("source"));
        target = ImageStore.open(tmp.resolve("target"));
        Path layer = TestImages.layerWithFile(Files.createDirectories(tmp.resolve("l")), "hello.txt", "hello\n");
        image = TestImages.build(source, "example.com/team/app:2.1", List.of(layer), true);
    }

    @Test
    void exportIsAnOciLayoutWithEveryReachableBlobAndTheTag() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        OciArchive.export(source, List.of("example.com/team/app:2.1"), archive);
        Map<String, byte[]> files = TarEntries.read(archive);
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(files.get("oci-layout"), StandardCharsets.UTF_8));
        ImageIndex index = ImageIndex.parse(files.get("index.json"), "index").value();
        assertEquals(List.of(image.descriptor().withAnnotations(Map.of(Descriptor.REF_NAME, "example.com/team/app:2.1"))),
                index.manifests());
        for (Digest d : List.of(image.digest(), image.value().config().digest(), image.value().layers().get(0).digest())) {
            assertArrayEquals(source.readBlob(d), files.get("blobs/sha256/" + d.encoded()), d.toString());
        }
        assertEquals(5, files.size());
    }

    @Test
    void importRestoresTheSameManifestBytesAndTag() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        OciArchive.export(source, List.of("example.com/team/app:2.1"), archive);
        List<LoadedImage> loaded = OciArchive.importInto(target, archive);
        assertEquals(List.of(ImageReference.parse("example.com/team/app:2.1")), loaded.get(0).tags());
        assertEquals(image.value().config().digest(), loaded.get(0).imageId());
        assertArrayEquals(image.bytes(), target.inspect("example.com/team/app:2.1").manifest().bytes());
    }

    @Test
    void bareTagInRefNameIsImportedUntagged() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        OciArchive.export(source, List.of("example.com/team/app:2.1"), archive);
        Map<String, byte[]> files = TarEntries.read(archive);
        files.put("index.json", ImageIndex.of(List.of(image.descriptor().withAnnotations(Map.of(Descriptor.REF_NAME, "latest"))))
                .toJson());
        List<LoadedImage> loaded = OciArchive.importInto(target, TarEntries.write(tmp.resolve("bare.tar"), files));
        assertEquals(List.of(), loaded.get(0).tags());
        assertEquals(image.digest(), target.resolve(image.digest().toString()).digest());
        assertEquals(1, target.entries().size());
    }

    @Test
    void tamperedBlobFailsNamingItsDigestAndLeavesTheIndexAlone() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        OciArchive.export(source, List.of("example.com/team/app:2.1"), archive);
        Map<String, byte[]> files = TarEntries.read(archive);
        Digest layer = image.value().layers().get(0).digest();
        byte[] bytes = files.get("blobs/sha256/" + layer.encoded());
        bytes[bytes.length / 2] ^= 1;
        Path tampered = TarEntries.write(tmp.resolve("tampered.tar"), files);
        byte[] indexBefore = Files.readAllBytes(target.root().resolve("index.json"));
        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> OciArchive.importInto(target, tampered));
        assertEquals(layer, e.expected());
        assertTrue(e.getMessage().contains("blobs/sha256/" + layer.encoded() + " in oci-archive " + tampered), e.getMessage());
        assertArrayEquals(indexBefore, Files.readAllBytes(target.root().resolve("index.json")));
        assertFalse(target.hasBlob(layer));
    }

    @Test
    void missingBlobIsNamed() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        OciArchive.export(source, List.of("example.com/team/app:2.1"), archive);
        Map<String, byte[]> files = TarEntries.read(archive);
        Digest config = image.value().config().digest();
        files.remove("blobs/sha256/" + config.encoded());
        Path broken = TarEntries.write(tmp.resolve("broken.tar"), files);
        IOException e = assertThrows(IOException.class, () -> OciArchive.importInto(target, broken));
        assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
        assertEquals(List.of(), target.entries());
    }

    @Test
    void skopeoReadsWhatBerthWritesAndBerthReadsWhatSkopeoWrites() throws IOException {
        TestImages.assumeTool("skopeo", "skopeo");
        Path ours = tmp.resolve("berth.oci.tar");
        OciArchive.export(source, List.of("example.com/team/app:2.1"), ours);
        String raw = TestImages.run("skopeo", "inspect", "--raw", "oci-archive:" + ours + ":example.com/team/app:2.1");
        assertArrayEquals(image.bytes(), raw.getBytes(StandardCharsets.UTF_8));

        Path theirs = tmp.resolve("skopeo.oci.tar");
        TestImages.run("skopeo", "copy", "oci:" + source.root() + ":example.com/team/app:2.1",
                "oci-archive:" + theirs + ":docker.io/library/from-skopeo:3");
        List<LoadedImage> loaded = OciArchive.importInto(target, theirs);
        assertEquals(List.of(ImageReference.parse("from-skopeo:3")), loaded.get(0).tags());
        assertEquals(image.value().config().digest(), target.inspect("from-skopeo:3").config().digest());
    }

    @Test
    void configThatIsNotJsonIsRefusedNamingIt() throws IOException {
        byte[] bad = "{\"architecture\": }".getBytes(StandardCharsets.UTF_8);
        Descriptor config = Descriptor.of(dev.berth.image.oci.MediaType.OCI_CONFIG, Digest.sha256(bad), bad.length);
        Document<ImageManifest> m = ImageManifest.of(dev.berth.image.oci.MediaType.OCI_MANIFEST, config,
                image.value().layers()).toDocument();
        Path archive = tmp.resolve("app.oci.tar");
        OciArchive.export(source, List.of("example.com/team/app:2.1"), archive);
        Map<String, byte[]> files = TarEntries.read(archive);
        files.put("blobs/sha256/" + config.digest().encoded(), bad);
        files.put("blobs/sha256/" + m.digest().encoded(), m.bytes());
        files.put("index.json", ImageIndex.of(List.of(m.descriptor())).toJson());
        Path broken = TarEntries.write(tmp.resolve("badconfig.tar"), files);
        dev.berth.image.oci.ImageFormatException e = assertThrows(dev.berth.image.oci.ImageFormatException.class,
                () -> OciArchive.importInto(target, broken));
        assertTrue(e.getMessage().startsWith("config blobs/sha256/" + config.digest().encoded() + " in oci-archive " + broken
                + " is not valid JSON at line 1, column "), e.getMessage());
        assertEquals(List.of(), target.entries());
    }
}
