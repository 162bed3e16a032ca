package dev.berth.namespaces.userns;

/**
 * One line of a {@code uid_map} or {@code gid_map}: {@code count} ids from {@code inside} in the
 * namespace are {@code outside} and up in the parent namespace
 * (<a href="https://man7.org/linux/man-pages/man7/user_namespaces.7.html">user_namespaces(7)</a>,
 * "User and group ID mappings").
 */
public record IdMapping(long inside, long outside, long count) {
    public IdMapping {
        if (inside < 0 || outside < 0 || count < 1 || inside + count > 1L << 32 || outside + count > 1L << 32) {
            throw new IllegalArgumentException("invalid id mapping " + inside + " " + outside + " " + count);
        }
    }

    /** Whether {@code id} inside the namespace is covered. */
    public boolean mapsInside(long id) {
        return id >= inside && id < inside + count;
    }

    /** Whether {@code id} of the parent namespace is covered. */
    public boolean mapsOutside(long id) {
        return id >= outside && id < outside + count;
    }

    /** The line as the kernel's map files have it. */
    public String line() {
        return inside + " " + outside + " " + count;
    }
}
