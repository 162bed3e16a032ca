package dev.berth.overlayfs.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.testing.LayerTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Compression by magic bytes and media type; no root needed. */
class LayerCompressionTest {
    @Test
    void mediaTypesOfOciAndDockerLayersAreKnown() throws LayerException {
        assertEquals(LayerCompression.GZIP, LayerCompression.ofMediaType("application/vnd.oci.image.layer.v1.tar+gzip"));
        assertEquals(LayerCompression.ZSTD, LayerCompression.ofMediaType("application/vnd.oci.image.layer.v1.tar+zstd"));
        assertEquals(LayerCompression.NONE, LayerCompression.ofMediaType("application/vnd.oci.image.layer.v1.tar"));
        assertEquals(LayerCompression.GZIP, LayerCompression.ofMediaType("application/vnd.docker.image.rootfs.diff.tar.gzip"));
        assertEquals(LayerCompression.GZIP,
                LayerCompression.ofMediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"));
        assertNull(LayerCompression.ofMediaType(null));
        assertThrows(LayerException.class, () -> LayerCompression.ofMediaType("application/vnd.oci.image.config.v1+json"));
    }

    @Test
    void magicBytesDecideAndDecompress() throws IOException {
        byte[] tar = new LayerTar().file("a", "a").bytes();
        for (byte[] blob : new byte[][] {tar, LayerTar.gzip(tar), LayerTar.zstd(tar)}) {
            try (InputStream in = LayerCompression.decompress(new ByteArrayInputStream(blob), null)) {
                assertEquals(LayerTar.sha256(tar), LayerTar.sha256(in.readAllBytes()));
            }
        }
        assertEquals(LayerCompression.ZSTD, LayerCompression.ofMagic(LayerTar.zstd(tar), 4));
        assertEquals(LayerCompression.NONE, LayerCompression.ofMagic(tar, tar.length));
    }

    @Test
    void uncompressedTarLabelledZstdIsRefused() {
        byte[] tar = new LayerTar().file("a", "a").bytes();
        assertThrows(LayerException.class, () -> LayerCompression.decompress(new ByteArrayInputStream(tar),
                "application/vnd.oci.image.layer.v1.tar+zstd"));
    }
}
