package dev.berth.namespaces.launch;

/**
 * One owner the stage-1 helper gives a file in an ownership pass
 * ({@link Launcher#changeOwners}): {@code path} relative to the pass's directory ("." for the
 * directory itself), the host-side {@code uid} and {@code gid} as seen inside the user namespace
 * (container ids), and the permission bits to set again afterwards (chown clears setuid and
 * setgid), or -1 to leave the mode.
 */
public record OwnerChange(String path, long uid, long gid, int mode) {
    public OwnerChange {
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("owner change path must be relative: " + path);
        }
        if (uid < 0 || gid < 0 || uid > 0xffffffffL || gid > 0xffffffffL) {
            throw new IllegalArgumentException("owner change ids out of range: " + uid + ":" + gid + " for " + path);
        }
    }
}
