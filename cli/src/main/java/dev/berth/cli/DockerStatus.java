package dev.berth.cli;

/**
 * The exit code of a verb that failed. Docker's CLI exits 125 when {@code run} or {@code create}
 * fail before the container runs, but 1 when most other verbs get an error from the engine
 * (docker/cli's {@code StatusError}: {@code docker start nosuch}, {@code docker network rm nosuch});
 * a verb that exits as the latter implements {@link ExitsOne}. What Berth cannot do at all
 * ({@link UnsupportedOperationException}) is refused with 125 by every verb.
 */
final class DockerStatus {
    private DockerStatus() {
    }

    /** A verb that exits 1 when the engine refuses what it asks, as docker's does. */
    interface ExitsOne {
    }

    static int ofFailure(Object command) {
        return command instanceof ExitsOne ? 1 : ErrorLine.ENGINE_ERROR;
    }

    /**
     * Runs {@code action} on each of {@code names} in turn, as docker's multi-container verbs do:
     * a name that succeeds is printed on stdout, one that fails gets its one-line error on
     * stderr, and the rest still run. Returns 0, or 1 when any failed.
     */
    static int eachOf(Iterable<String> names, Action action) {
        int code = 0;
        for (String name : names) {
            try {
                action.apply(name);
                System.out.println(name);
            } catch (UnsupportedOperationException e) {
                System.err.println("berth: " + ErrorLine.message(e));
                code = ErrorLine.ENGINE_ERROR;
            } catch (Exception e) {
                System.err.println("berth: " + ErrorLine.message(e));
                code = code == 0 ? 1 : code;
            }
        }
        return code;
    }

    /** What a verb does to one of its names. */
    interface Action {
        void apply(String name) throws Exception;
    }
}
