package dev.berth;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a container is in its life, as {@code docker inspect}'s {@code State} reports it
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerInspect">State</a>):
 * running or exited, the exit code (128 + N for a death by signal N, as a shell reports it),
 * whether the kernel's OOM killer ended it, and when it started and finished.
 *
 * @param status running, paused or exited
 * @param pid the main process's pid on the host while it runs, else 0
 * @param exitCode the exit code once exited, else 0
 * @param oomKilled whether the OOM killer killed it
 * @param startedAt when it started
 * @param finishedAt when it exited, or null while it runs
 */
public record ContainerState(Status status, int pid, int exitCode, boolean oomKilled, Instant startedAt,
        Instant finishedAt) {

    /**
     * The states this slice knows (Docker also has created and restarting). A paused container's
     * processes are frozen by its cgroup's freezer; it still counts as running, as Docker's
     * {@code State.Running} does.
     */
    public enum Status { RUNNING, PAUSED, EXITED }

    /** Whether its main process is alive: running or paused. */
    public boolean running() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    /** Whether its processes are frozen ({@code docker pause}). */
    public boolean paused() {
        return status == Status.PAUSED;
    }

    /** When it exited, if it has. */
    public Optional<Instant> finished() {
        return Optional.ofNullable(finishedAt);
    }
}
