package dev.berth.image.testing;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import dev.berth.image.oci.RootFs;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Builds real images for tests: layers are tars made by GNU tar from directories the test creates. */
public final class TestImages {
    private TestImages() {
    }

    /** A directory holding {@code name} with {@code content}, tarred reproducibly to {@code dir}.tar. */
    public static Path layerWithFile(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return tar(dir, dir.resolveSibling(dir.getFileName() + ".tar"));
    }

    /** {@code tar -C dir -cf out .}, sorted, owned by 0:0, mtime 0, so the same tree gives the same bytes. */
    public static Path tar(Path dir, Path out) throws IOException {
        run("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-C", dir.toString(),
                "-cf", out.toString(), ".");
        return out;
    }

    /** Runs a command, failing with its output if it exits non-zero. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    /** Skips the test unless {@code tool} is on the PATH. */
    public static void assumeTool(String tool, String aptPackage) {
        boolean found = false;
        for (String dir : System.getenv("PATH").split(":")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        Assumptions.assumeTrue(found, tool + " is not installed (apt-get install " + aptPackage + "); skipping");
    }

    public static byte[] gzip(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes); InputStream in = Files.newInputStream(file)) {
            in.transferTo(gz);
        }
        return bytes.toByteArray();
    }

    /**
     * Stores an image of {@code layerTars} (gzip-compressed if asked) with a config that runs {@code sh},
     * tags it {@code reference} and returns its manifest.
     */
    public static Document<ImageManifest> build(ImageStore store, String reference, List<Path> layerTars, boolean gzip)
            throws IOException {
        return build(store, reference, layerTars, gzip,
                RuntimeConfig.empty().withEnv(List.of("PATH=/bin")).withCommand(null, List.of("sh")));
    }

    /** As {@link #build(ImageStore, String, List, boolean)}, with {@code runtimeConfig} as the config's {@code config}. */
    public static Document<ImageManifest> build(ImageStore store, String reference, List<Path> layerTars, boolean gzip,
            RuntimeConfig runtimeConfig) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (Path tar : layerTars) {
            byte[] plain = Files.readAllBytes(tar);
            diffIds.add(Digest.sha256(plain));
            byte[] stored = gzip ? gzip(tar) : plain;
            layers.add(Descriptor.of(gzip ? MediaType.OCI_LAYER_GZIP : MediaType.OCI_LAYER, store.putBlob(stored),
                    stored.length));
        }
        ImageConfig config = ImageConfig.of(Platform.host(), RootFs.of(diffIds))
                .withCreated(Instant.parse("2024-01-02T03:04:05Z"), "berth tests")
                .withConfig(runtimeConfig);
        Document<ImageConfig> configDoc = config.toDocument(MediaType.OCI_CONFIG);
        store.putConfig(configDoc.bytes());
        Document<ImageManifest> manifest = ImageManifest.of(MediaType.OCI_MANIFEST, configDoc.descriptor(), layers)
                .toDocument();
        store.putManifest(manifest.bytes());
        if (reference != null) {
            store.tag(ImageReference.parse(reference), manifest.digest());
        }
        return manifest;
    }
}
