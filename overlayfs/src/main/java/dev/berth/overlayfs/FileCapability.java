package dev.berth.overlayfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The {@code security.capability} xattr that holds a file's capabilities
 * ({@code setcap cap_net_bind_service+ep}), in its kernel encoding ({@code struct
 * vfs_ns_cap_data}, little-endian): a revision word (1, 2 or 3 in its top byte, the effective
 * flag in bit 0), permitted and inheritable masks, and for revision 3 the host uid of the root
 * of the user namespace it was written in
 * (<a href="https://man7.org/linux/man-pages/man7/capabilities.7.html">capabilities(7)</a>).
 * Layers carry it in the form the writer's namespace saw (revision 2 for an image's root); a
 * user namespace with that root sees revision 3 as revision 2.
 */
public final class FileCapability {
    /** The xattr's name. */
    public static final String XATTR = "security.capability";

    private static final int REVISION_MASK = 0xff000000;
    private static final int REVISION_3 = 0x03000000;
    private static final int REVISION_2 = 0x02000000;
    private static final int SIZE_2 = 20;
    private static final int SIZE_3 = 24;

    private FileCapability() {
    }

    /**
     * Checks that {@code value} has the size its revision needs (12, 20 or 24 bytes).
     *
     * @throws LayerException naming {@code entry} when it does not
     */
    public static void check(String entry, byte[] value) throws LayerException {
        int revision = value.length >= 4 ? word(value, 0) & REVISION_MASK : 0;
        int size = switch (revision) {
            case 0x01000000 -> 12;
            case REVISION_2 -> SIZE_2;
            case REVISION_3 -> SIZE_3;
            default -> -1;
        };
        if (size != value.length) {
            throw new LayerException(entry, "carries a malformed " + XATTR + " xattr (" + value.length
                    + " bytes, revision word " + (value.length >= 4 ? Integer.toHexString(word(value, 0)) : "missing") + ")");
        }
    }

    /**
     * {@code value} as the user namespace whose root is host uid {@code hostRootUid} sees it:
     * revision 3 with that root becomes revision 2; revision 3 of another namespace's root is
     * no capability there (null); other revisions are unchanged.
     */
    public static byte[] asSeenBy(byte[] value, long hostRootUid) {
        if (value.length != SIZE_3 || (word(value, 0) & REVISION_MASK) != REVISION_3) {
            return value;
        }
        if (Integer.toUnsignedLong(word(value, SIZE_2)) != hostRootUid) {
            return null;
        }
        byte[] v2 = Arrays.copyOf(value, SIZE_2);
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (word(value, 0) & ~REVISION_MASK) | REVISION_2);
        return v2;
    }

    private static int word(byte[] b, int offset) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }
}
