package dev.berth;

/**
 * One path a container changed in its root, as {@code docker diff} and the Engine API's
 * {@code GET /containers/{id}/changes} report it
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerChanges">ContainerChanges</a>).
 *
 * @param path the absolute path inside the container
 * @param kind what happened to it
 */
public record FileChange(String path, Kind kind) {
    /** Docker's kinds, with their numbers in the API. */
    public enum Kind {
        /** {@code C}: changed (a directory whose entries changed is one too). */
        MODIFIED(0),
        /** {@code A}: added. */
        ADDED(1),
        /** {@code D}: deleted. */
        DELETED(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The API's number: 0 modified, 1 added, 2 deleted. */
        public int code() {
            return code;
        }

        /** docker diff's letter: C, A or D. */
        public char letter() {
            return "CAD".charAt(code);
        }
    }
}
