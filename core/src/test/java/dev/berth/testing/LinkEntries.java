package dev.berth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Checks on the hardlinks of a layer tar. */
public final class LinkEntries {
    private LinkEntries() {
    }

    /** {@code x} and {@code y} are in {@code layer} as one file and one hardlink entry to it, not two copies. */
    public static void assertOneFileAndOneLink(Map<String, TarArchiveEntry> layer, String x, String y) {
        TarArchiveEntry ex = layer.get(x);
        TarArchiveEntry ey = layer.get(y);
        assertTrue(ex != null && ey != null, x + " and " + y + " in " + layer.keySet());
        assertTrue(ex.isLink() != ey.isLink(), x + "/" + y + ": one file and one hardlink entry, not two copies");
        TarArchiveEntry link = ex.isLink() ? ex : ey;
        TarArchiveEntry file = ex.isLink() ? ey : ex;
        assertTrue(file.isFile(), file.getName());
        assertEquals(file.getName(), link.getLinkName());
    }
}
