package dev.berth.build;

import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.apply.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A build context sent as a tar stream, as {@code docker build -} and the Engine API's
 * {@code POST /build} send it (plain, gzip, bzip2, xz or zstd, told by its first bytes), unpacked
 * into a scratch directory of this JVM under {@code build-tmp/} (see {@link BuildScratch}). The
 * layer applier unpacks it, so every entry stays inside the directory and its size and entry
 * limits hold (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageBuild">ImageBuild</a>).
 */
public final class ContextArchive {
    private ContextArchive() {
    }

    /** Unpacks {@code archive} into a new directory below {@code buildTmp} and returns it. */
    public static Path unpack(Host host, InputStream archive, Path buildTmp) throws IOException {
        Path dir = BuildScratch.next(buildTmp);
        try {
            BufferedInputStream in = new BufferedInputStream(uncompressed(archive), 65536);
            in.mark(512);
            byte[] head = in.readNBytes(512);
            in.reset();
            if (!isTar(head)) {
                // docker build - < Dockerfile: the body is the Dockerfile itself, with no context.
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.copy(in, dir.resolve("Dockerfile"));
                return dir;
            }
            LayerApplier.create(host).apply(in, null, dir, null);
            return dir;
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(dir);
            throw new IOException("cannot read the build context: " + e.getMessage(), e);
        }
    }

    /** A ustar or GNU tar header (an empty stream counts as an empty tar). */
    private static boolean isTar(byte[] head) {
        return head.length == 0 || head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't'
                && head[260] == 'a' && head[261] == 'r';
    }

    /** Deletes what {@link #unpack} made. */
    public static void delete(Path dir) throws IOException {
        FileTrees.delete(dir);
    }

    /**
     * {@code in} uncompressed: gzip, bzip2 and xz are told by their first bytes and undone;
     * anything else is returned as it is.
     */
    public static InputStream uncompressed(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(2);
        byte[] head = b.readNBytes(2);
        b.reset();
        if (head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return new java.util.zip.GZIPInputStream(b, 65536);
        }
        return decompressed(b);
    }

    /** bzip2 and xz undone here; gzip and zstd the layer applier tells and undoes itself. */
    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(6);
        byte[] head = b.readNBytes(6);
        b.reset();
        if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return new BZip2CompressorInputStream(b, true);
        }
        if (head.length == 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return new XZCompressorInputStream(b, true);
        }
        return b;
    }
}
