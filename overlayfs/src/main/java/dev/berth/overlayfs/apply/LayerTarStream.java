package dev.berth.overlayfs.apply;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Commons Compress's tar reader, also keeping the raw bytes of each entry's PAX header so that
 * binary xattr values reach {@link PaxXattrs} undamaged. Commons reads a PAX body through this
 * stream's own {@code read} while the current entry is the PAX header, which is where the bytes
 * are copied.
 */
final class LayerTarStream extends TarArchiveInputStream {
    private byte[] pax = new byte[512];
    private int paxLength;
    private int depth;

    LayerTarStream(InputStream in) {
        super(in);
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // Commons calls this again from inside, after a PAX header: keep what that header held.
        if (depth++ == 0) {
            paxLength = 0;
        }
        try {
            return super.getNextEntry();
        } finally {
            depth--;
        }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && current.isPaxHeader()) {
            if (paxLength + n > pax.length) {
                pax = Arrays.copyOf(pax, Math.max(pax.length * 2, paxLength + n));
            }
            System.arraycopy(buf, off, pax, paxLength, n);
            paxLength += n;
        }
        return n;
    }

    /** The xattrs from the PAX header of the entry last returned, by name. */
    Map<String, byte[]> xattrs() {
        return PaxXattrs.parse(pax, paxLength);
    }
}
