package dev.berth.namespaces.launch;

/**
 * Whether a writable overlay is mounted with {@code index=on}
 * (<a href="https://docs.kernel.org/filesystems/overlayfs.html#index">overlayfs, Index</a>).
 *
 * <p>Why: without the index, overlayfs breaks a lower link group when it copies one of its
 * names up. A container that runs {@code chmod 4755 /bin/a}, where {@code /bin/a} and
 * {@code /bin/b} are one file in the image, then sees {@code /bin/b} unchanged, and its commit
 * cannot tell the two were one file: the kernel deliberately records no {@code overlay.origin}
 * for a copied-up lower hardlink when the index is off. With the index, the copy-up goes to
 * {@code work/index/} and every lower alias resolves to it, so the container sees one file, as
 * on a real file system, and the upper copy carries {@code trusted.overlay.origin}, from which
 * the commit finds the aliases and writes them as hardlinks (see LayerDiff).
 *
 * <p>What it needs, and why it is safe here: kernel 4.13; upper and work on one file system
 * (as always); lower and upper file systems with file handles (ext4, xfs, btrfs, tmpfs: where
 * they lack them the kernel falls back to {@code index=off} with a warning, it does not fail);
 * and the same lowers at every mount of an upper (a container keeps its layers for life).
 * {@code nfs_export} and {@code redirect_dir} are not needed: only hardlinks are indexed.
 * It cannot go with {@code userxattr} (the kernel refuses the pair), so a rootless overlay
 * keeps {@code index=off} and, as docker and containerd on overlay, breaks the link on copy-up.
 * With the index an upper may be mounted by one overlay at a time; Berth never mounts one twice.
 */
public final class OverlayIndex {
    private static final boolean SUPPORTED = supports(System.getProperty("os.version", ""));

    private OverlayIndex() {
    }

    /** Whether this kernel knows the {@code index} option (4.13 and later). */
    public static boolean supported() {
        return SUPPORTED;
    }

    /** Whether kernel release {@code release} ("6.8.0-45-generic") is 4.13 or later. */
    static boolean supports(String release) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 4 || major == 4 && minor >= 13;
    }
}
