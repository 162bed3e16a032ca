package dev.berth.image.archive;

import dev.berth.image.oci.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Tells plain, gzip and zstd layer tars apart by their magic bytes, and undoes gzip. */
enum LayerCompression {
    NONE(MediaType.OCI_LAYER), GZIP(MediaType.OCI_LAYER_GZIP), ZSTD(MediaType.OCI_LAYER_ZSTD);

    final String ociMediaType;

    LayerCompression(String ociMediaType) {
        this.ociMediaType = ociMediaType;
    }

    static LayerCompression detect(InputStream in) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (head.length == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    static LayerCompression of(String mediaType, String source) throws IOException {
        if (MediaType.isGzipLayer(mediaType)) {
            return GZIP;
        }
        if (MediaType.isZstdLayer(mediaType)) {
            return ZSTD;
        }
        if (MediaType.isLayer(mediaType)) {
            return NONE;
        }
        throw new IOException(source + " has media type " + mediaType + ", which is not a layer Berth can read");
    }

    /** The uncompressed tar stream. */
    InputStream decompress(InputStream in, String source) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> throw new IOException(source + " is zstd-compressed, which Berth cannot decompress yet");
        };
    }
}
