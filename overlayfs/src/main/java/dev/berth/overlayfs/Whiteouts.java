package dev.berth.overlayfs;

/**
 * The two spellings of a deletion: in a layer tar, {@code .wh.NAME} deletes NAME from the
 * layers below and {@code .wh..wh..opq} makes its directory opaque
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts">image-spec
 * layer.md, Whiteouts</a>); in an overlay layer directory, a whiteout is a 0:0 character device
 * and an opaque directory carries the {@code overlay.opaque} xattr
 * (<a href="https://docs.kernel.org/filesystems/overlayfs.html#whiteouts-and-opaque-directories">overlayfs</a>).
 */
public final class Whiteouts {
    /** The prefix of a whiteout file name in a layer tar. */
    public static final String PREFIX = ".wh.";
    /** The name of the opaque-directory marker in a layer tar. */
    public static final String OPAQUE = ".wh..wh..opq";
    /** The prefix of aufs bookkeeping names, which carry no meaning for other drivers. */
    public static final String AUFS_META = ".wh..wh.";

    private Whiteouts() {
    }

    /**
     * The overlay opaque xattr: {@code trusted.overlay.opaque} as real root, or
     * {@code user.overlay.opaque} for an overlay mounted with {@code userxattr} in a user namespace.
     */
    public static String opaqueXattr(boolean userNamespace) {
        return (userNamespace ? "user" : "trusted") + ".overlay.opaque";
    }

    /** True for the xattrs overlayfs keeps for itself, which a layer must never set or carry. */
    public static boolean isOverlayPrivate(String xattr) {
        return xattr.startsWith("trusted.overlay.") || xattr.startsWith("user.overlay.");
    }

    /** True when a stat mode and device number are those of an overlay whiteout (char 0:0). */
    public static boolean isWhiteoutDevice(int mode, long rdev) {
        return (mode & 0170000) == 0020000 && rdev == 0;
    }
}
