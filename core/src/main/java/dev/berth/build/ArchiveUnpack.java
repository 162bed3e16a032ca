package dev.berth.build;

import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.apply.LayerApplier;
import dev.berth.overlayfs.apply.LayerCompression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ADD of a local tar archive (plain, gzip or zstd, told by its bytes as Docker tells
 * it): unpacked with the layer applier, which keeps every entry inside the target and enforces
 * its size and entry limits (<a href="https://docs.docker.com/reference/dockerfile/#add">ADD</a>).
 */
final class ArchiveUnpack {
    private ArchiveUnpack() {
    }

    /** True when {@code file} starts like a compressed stream or has a ustar header. */
    static boolean isArchive(Path file) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (LayerCompression.ofMagic(head, n) != LayerCompression.NONE) {
            return true;
        }
        return n >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r';
    }

    /**
     * Unpacks {@code archive} into {@code target}, which must not exist, on {@code host}; device
     * nodes are made as root and left out without it (their number is returned).
     */
    static long unpack(Host host, Path archive, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return LayerApplier.create(host).apply(in, null, target, null).skippedDevices();
        }
    }
}
