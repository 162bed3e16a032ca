package dev.berth.runtime;

/**
 * The uid and gid range that runc accepts: 0 to 2^31-1, for 32-bit compatibility
 * (<a href="https://github.com/opencontainers/runc/blob/main/libcontainer/user/user.go">libcontainer/user</a>).
 */
final class IdRange {
    static final long MAX = Integer.MAX_VALUE;
    static final String RULE = "uids and gids must be in range 0-" + MAX;

    private IdRange() {
    }

    static boolean contains(long id) {
        return id >= 0 && id <= MAX;
    }

    /** {@code id} as an int, or an error naming {@code what} when it is out of range. */
    static int check(long id, String what) {
        if (!contains(id)) {
            throw new IllegalArgumentException(what + ": " + RULE);
        }
        return (int) id;
    }
}
