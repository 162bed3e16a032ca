package dev.berth.image.remote;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.registry.testing.Skopeo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Multi-layer images made from directories the tests write, and ways to compare unpacked trees. */
final class RemoteTestImages {
    private RemoteTestImages() {
    }

    /** Three layer trees: a base, one that replaces a file and adds a script, one with 1 MiB of random bytes. */
    static List<Path> layerDirs(Path dir) throws IOException {
        Path base = dir.resolve("l1");
        write(base, "etc/hostname", "one\n");
        write(base, "usr/share/doc/readme", "base layer\n");
        Path second = dir.resolve("l2");
        write(second, "etc/hostname", "two\n");
        Files.setPosixFilePermissions(write(second, "usr/bin/hello", "#!/bin/sh\necho hello\n"),
                PosixFilePermissions.fromString("rwxr-xr-x"));
        Path third = dir.resolve("l3");
        byte[] random = new byte[1 << 20];
        new Random(7).nextBytes(random);
        Files.createDirectories(third.resolve("opt/data"));
        Files.write(third.resolve("opt/data/random.bin"), random);
        return List.of(base, second, third);
    }

    private static Path write(Path root, String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** Stores an image of gzip layers made from {@code dirs} (tarred by GNU tar), tagged {@code reference}. */
    static Document<ImageManifest> build(ImageStore store, String reference, List<Path> dirs) throws IOException {
        List<Path> tars = new ArrayList<>();
        for (Path d : dirs) {
            tars.add(TestImages.tar(d, d.resolveSibling(d.getFileName() + ".tar")));
        }
        return TestImages.build(store, reference, tars, true);
    }

    /** {@code skopeo copy} of a stored image (the store is an OCI layout) to a loopback registry. */
    static void skopeoPush(ImageStore store, String reference, ImageReference destination) throws IOException {
        Skopeo.run("copy", "--dest-tls-verify=false", "oci:" + store.root() + ":" + ImageReference.parse(reference),
                "docker://" + destination);
    }

    /** Every entry under {@code root} by relative path: type, permissions and, for files, a content hash. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(p -> !p.equals(root)).toList()) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String what = Files.isDirectory(p) ? "dir" : "file " + sha256(Files.readAllBytes(p));
                out.put(root.relativize(p).toString(), what + " " + perms);
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
