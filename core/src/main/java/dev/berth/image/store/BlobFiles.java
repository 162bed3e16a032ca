package dev.berth.image.store;

import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code blobs/<algorithm>/<encoded>} files of a layout. New content is streamed to a temporary
 * file while it is hashed, checked against the expected digest, fsynced and only then renamed into place,
 * so a blob file always holds exactly the bytes its name says.
 */
final class BlobFiles {
    private final Path blobs;
    private final Path tmp;

    BlobFiles(Path blobs, Path tmp) {
        this.blobs = blobs;
        this.tmp = tmp;
    }

    Path path(Digest digest) {
        return blobs.resolve(digest.algorithm()).resolve(digest.encoded());
    }

    boolean has(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /**
     * Streams {@code in} into a blob. With {@code expected}, the content must hash to it, else nothing is
     * stored and a {@link DigestMismatchException} names the expected digest; without, it is stored under
     * its sha256.
     */
    Digest put(InputStream in, Digest expected, long expectedSize, String source) throws IOException {
        if (expected != null && !expected.isVerifiable()) {
            throw new IOException("cannot store " + source + ": digest algorithm of " + expected + " cannot be verified");
        }
        MessageDigest hash = expected == null ? Digest.newSha256() : expected.newMessageDigest();
        Path temp = Files.createTempFile(tmp, "blob-", ".tmp");
        try {
            long size = 0;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[128 * 1024];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    hash.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    size += n;
                }
                out.force(true);
            }
            byte[] result = hash.digest();
            Digest actual;
            if (expected == null) {
                actual = Digest.fromHash(result);
            } else if (expected.matches(result)) {
                actual = expected;
            } else {
                Digest got = Digest.parse(expected.algorithm() + ":" + java.util.HexFormat.of().formatHex(result));
                throw new DigestMismatchException(expected, got, size, source);
            }
            if (expectedSize >= 0 && size != expectedSize) {
                throw new IOException(source + " has " + size + " bytes, but its descriptor says " + expectedSize
                        + " (truncated?)");
            }
            adopt(temp, actual);
            return actual;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Fsyncs each verified staged file, then renames them into place with one sync per directory. */
    void adoptAll(Map<Digest, Path> staged) throws IOException {
        for (Path p : staged.values()) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
        Set<Path> dirs = new LinkedHashSet<>();
        for (Map.Entry<Digest, Path> e : staged.entrySet()) {
            Path target = path(e.getKey());
            if (Files.isRegularFile(target)) {
                Files.deleteIfExists(e.getValue());
                continue;
            }
            Files.createDirectories(target.getParent());
            AtomicFile.rename(e.getValue(), target);
            dirs.add(target.getParent());
        }
        for (Path d : dirs) {
            AtomicFile.syncDirectory(d);
        }
    }

    /** Renames the fsynced, verified {@code staged} to the blob {@code digest}, or drops it when that exists. */
    void adopt(Path staged, Digest digest) throws IOException {
        Path target = path(digest);
        if (Files.isRegularFile(target)) {
            Files.deleteIfExists(staged);
            return;
        }
        Files.createDirectories(target.getParent());
        AtomicFile.commit(staged, target);
    }
}
