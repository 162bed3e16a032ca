package dev.berth;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a container is in its life, as {@code docker inspect}'s {@code State} reports it
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerInspect">State</a>):
 * running or exited, the exit code (128 + N for a death by signal N, as a shell reports it),
 * whether the kernel's OOM killer ended it, and when it started and finished.
 *
 * @param status created, running, paused or exited
 * @param pid the main process's pid on the host while it runs, else 0
 * @param exitCode the exit code once exited, else 0
 * @param oomKilled whether the OOM killer killed it
 * @param startedAt when it (last) started, or null while it is created and has never run
 * @param finishedAt when it exited, or null while it runs
 */
public record ContainerState(Status status, int pid, int exitCode, boolean oomKilled, Instant startedAt,
        Instant finishedAt) {

    /**
     * The states Berth knows (Docker also has restarting): {@code CREATED} is made and not yet
     * started ({@link ContainerBuilder#create()}), its process not launched. A paused container's
     * processes are frozen by its cgroup's freezer; it still counts as running, as Docker's
     * {@code State.Running} does.
     */
    public enum Status { CREATED, RUNNING, PAUSED, EXITED }

    /** A container made and never started. */
    public static ContainerState created() {
        return new ContainerState(Status.CREATED, 0, 0, false, null, null);
    }

    /** Whether its main process is alive: running or paused. */
    public boolean running() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    /** Whether its processes are frozen ({@code docker pause}). */
    public boolean paused() {
        return status == Status.PAUSED;
    }

    /** When it started, unless it never has. */
    public Optional<Instant> started() {
        return Optional.ofNullable(startedAt);
    }

    /** When it exited, if it has. */
    public Optional<Instant> finished() {
        return Optional.ofNullable(finishedAt);
    }
}
