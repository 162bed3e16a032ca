package dev.berth.namespaces.launch;

/**
 * One owner the stage-1 helper gives a file in an ownership pass
 * ({@link Launcher#changeOwners}): {@code path} relative to the pass's directory ("." for the
 * directory itself), the host-side {@code uid} and {@code gid} as seen inside the user namespace
 * (container ids), the permission bits to set again afterwards (chown clears setuid and
 * setgid), or -1 to leave the mode, and the value of a regular file's
 * {@code security.capability} xattr (its file capabilities), or null for none. The
 * capability is written last, as root of the user namespace: chown removes it, and only there
 * does the kernel accept it from a user without privileges, storing it in its namespaced (v3)
 * form whose root id is the namespace's root
 * (<a href="https://man7.org/linux/man-pages/man7/capabilities.7.html">capabilities(7)</a>).
 */
public record OwnerChange(String path, long uid, long gid, int mode, byte[] capability) {
    /** The longest {@code security.capability} value: revision 3, with its root id. */
    public static final int MAX_CAPABILITY_BYTES = 24;

    public OwnerChange {
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("owner change path must be relative: " + path);
        }
        if (uid < 0 || gid < 0 || uid > 0xffffffffL || gid > 0xffffffffL) {
            throw new IllegalArgumentException("owner change ids out of range: " + uid + ":" + gid + " for " + path);
        }
        if (capability != null && (capability.length < 4 || capability.length > MAX_CAPABILITY_BYTES)) {
            throw new IllegalArgumentException("a security.capability value of " + capability.length + " bytes for " + path);
        }
        capability = capability == null ? null : capability.clone();
    }

    /** An owner (and mode) without file capabilities. */
    public OwnerChange(String path, long uid, long gid, int mode) {
        this(path, uid, gid, mode, null);
    }

    @Override
    public byte[] capability() {
        return capability == null ? null : capability.clone();
    }
}
