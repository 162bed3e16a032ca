package dev.berth.overlayfs.apply;

import dev.berth.overlayfs.LayerException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How a layer blob is compressed. The magic bytes decide (gzip {@code 1f 8b}, zstd
 * {@code 28 b5 2f fd}); the media type must be a layer type and must not claim a compression the
 * bytes do not have. Media types from
 * <a href="https://github.com/opencontainers/image-spec/blob/main/media-types.md">image-spec media-types.md</a>
 * and Docker's image manifest v2.2.
 */
public enum LayerCompression {
    NONE, GZIP, ZSTD;

    private static final int BUFFER = 1 << 16;

    /**
     * What the media type declares: null when {@code mediaType} is null (unknown, the magic
     * decides); fails on a media type that is not a tar layer.
     */
    public static LayerCompression ofMediaType(String mediaType) throws LayerException {
        if (mediaType == null) {
            return null;
        }
        String t = mediaType.trim();
        if (t.endsWith("+gzip") || t.endsWith(".tar.gzip")) {
            return GZIP;
        }
        if (t.endsWith("+zstd")) {
            return ZSTD;
        }
        if (t.endsWith(".tar") || t.endsWith(".v1.tar") || t.equals("application/x-tar")) {
            return NONE;
        }
        throw new LayerException("unsupported layer media type: " + mediaType);
    }

    /** The compression that {@code head} (the first bytes of the blob) starts with. */
    public static LayerCompression ofMagic(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * The uncompressed tar stream of {@code blob}, after checking the magic against the media
     * type (null to trust the magic alone).
     */
    public static InputStream decompress(InputStream blob, String mediaType) throws IOException {
        LayerCompression declared = ofMediaType(mediaType);
        BufferedInputStream in = new BufferedInputStream(blob, BUFFER);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        LayerCompression actual = ofMagic(head, head.length);
        if (declared != null && declared != NONE && declared != actual) {
            throw new LayerException("media type " + mediaType + " declares " + declared
                    + " but the blob starts with " + (actual == NONE ? "no compression magic" : actual + " magic"));
        }
        try {
            switch (actual) {
                case GZIP:
                    return new GZIPInputStream(in, BUFFER);
                case ZSTD:
                    return new com.github.luben.zstd.ZstdInputStream(in);
                default:
                    return in;
            }
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    /**
     * {@code e} as a {@link LayerException} when the compressed bytes are at fault (a bad gzip
     * header or deflate stream, a truncated stream, a bad zstd frame; found by fuzzing), else as
     * it is: an I/O error of the blob's source is not the layer's fault.
     */
    static IOException corrupt(IOException e) {
        if (e instanceof LayerException) {
            return e;
        }
        boolean format = e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException
                || e instanceof com.github.luben.zstd.ZstdIOException;
        return format ? new LayerException("the layer's compressed stream is corrupt: " + e.getMessage(), e) : e;
    }
}
