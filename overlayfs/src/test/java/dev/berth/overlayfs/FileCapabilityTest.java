package dev.berth.overlayfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FileCapabilityTest {
    private static byte[] value(int revisionWord, int size, int rootId) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(revisionWord).putInt(1 << 10);
        if (size == 24) {
            b.putInt(20, rootId);
        }
        return b.array();
    }

    @Test
    void v3OfTheNamespacesRootReadsAsV2AndAnotherRootsAsNone() {
        byte[] v3 = value(0x03000001, 24, 1001);
        assertArrayEquals(value(0x02000001, 20, 0), FileCapability.asSeenBy(v3, 1001));
        assertNull(FileCapability.asSeenBy(v3, 1002));
        byte[] v2 = value(0x02000001, 20, 0);
        assertSame(v2, FileCapability.asSeenBy(v2, 1001));
    }

    @Test
    void aValueWhoseSizeDoesNotFitItsRevisionIsRefusedNamingTheEntry() throws LayerException {
        FileCapability.check("bin/ping", value(0x02000001, 20, 0));
        FileCapability.check("bin/ping", value(0x03000000, 24, 5));
        LayerException e = assertThrows(LayerException.class, () -> FileCapability.check("bin/ping", value(0x03000001, 20, 0)));
        assertTrue(e.getMessage().contains("bin/ping") && e.getMessage().contains("security.capability"), e.getMessage());
        assertThrows(LayerException.class, () -> FileCapability.check("x", new byte[2]));
        assertThrows(LayerException.class, () -> FileCapability.check("x", value(0x07000000, 20, 0)));
    }
}
