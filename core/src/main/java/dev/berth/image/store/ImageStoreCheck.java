package dev.berth.image.store;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@link ImageStore#check()} found, following the
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">image layout</a>
 * rules. A problem is an inconsistency: a blob whose bytes do not hash to its name, a file in
 * {@code blobs/} not named by a digest, an index.json entry or manifest naming a blob that is
 * missing or of another size, a manifest or index that does not parse. The children of an image
 * index may be missing (only the host's platform is pulled). A leftover is a staging file a
 * crashed writer left (removed by {@link IdleStore#removeStaging()}).
 *
 * @param blobs the blob files verified
 * @param bytesVerified the bytes hashed
 * @param problems one sentence per inconsistency, naming the blob or entry
 * @param leftovers staging files (listed even while a writer may still own them)
 */
public record ImageStoreCheck(int blobs, long bytesVerified, List<String> problems, List<Path> leftovers) {
    public ImageStoreCheck {
        problems = List.copyOf(problems);
        leftovers = List.copyOf(leftovers);
    }

    static ImageStoreCheck of(ImageStore store, Path blobsDir, Path tmp) throws IOException {
        List<String> problems = new ArrayList<>();
        int blobs = 0;
        long bytes = 0;
        try (Stream<Path> algorithms = Files.list(blobsDir)) {
            for (Path algorithmDir : algorithms.sorted().toList()) {
                try (Stream<Path> files = Files.list(algorithmDir)) {
                    for (Path file : files.sorted().toList()) {
                        String name = algorithmDir.getFileName() + ":" + file.getFileName();
                        if (!Digest.isValid(name) || !Files.isRegularFile(file)) {
                            problems.add("blob file " + file + " is not named by a digest");
                            continue;
                        }
                        blobs++;
                        bytes += Files.size(file);
                        verify(Digest.parse(name), file, problems);
                    }
                }
            }
        }
        Set<Digest> seen = new HashSet<>();
        for (Descriptor entry : store.entries()) {
            follow(store, entry, "index.json entry " + entry.annotation(Descriptor.REF_NAME).orElse(entry.digest().toString()),
                    true, seen, problems);
        }
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(tmp)) {
            leftovers = s.sorted().toList();
        }
        return new ImageStoreCheck(blobs, bytes, problems, leftovers);
    }

    private static void verify(Digest digest, Path file, List<String> problems) throws IOException {
        if (!digest.isVerifiable()) {
            return;
        }
        MessageDigest hash = digest.newMessageDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                hash.update(buffer, 0, n);
            }
        }
        byte[] actual = hash.digest();
        if (!digest.matches(actual)) {
            problems.add("blob " + digest + " holds bytes that hash to " + digest.algorithm() + ":" + HexFormat.of().formatHex(actual));
        }
    }

    /** Checks that {@code d} is present with its size and, for a manifest or index, what it names. */
    private static void follow(ImageStore store, Descriptor d, String from, boolean required, Set<Digest> seen,
            List<String> problems) {
        if (!seen.add(d.digest())) {
            return;
        }
        if (!store.hasBlob(d.digest())) {
            if (required) {
                problems.add(from + " names " + d.digest() + " (" + d.mediaType() + "), which is not in the store");
            }
            return;
        }
        try {
            if (store.blobSize(d.digest()) != d.size()) {
                problems.add(from + " gives " + d.digest() + " a size of " + d.size() + " bytes, but the blob has "
                        + store.blobSize(d.digest()));
            }
            String what = d.mediaType() + " " + d.digest();
            if (MediaType.isManifest(d.mediaType())) {
                ImageManifest m = store.readManifest(d.digest()).value();
                follow(store, m.config(), what, true, seen, problems);
                for (Descriptor layer : m.layers()) {
                    follow(store, layer, what, true, seen, problems);
                }
            } else if (MediaType.isIndex(d.mediaType())) {
                ImageIndex index = store.readIndex(d.digest()).value();
                for (Descriptor child : index.manifests()) {
                    follow(store, child, what, false, seen, problems);
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(from + ": " + d.digest() + " cannot be read: " + e.getMessage());
        }
    }
}
