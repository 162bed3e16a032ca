package dev.berth;

import java.util.List;

/**
 * {@code docker top}: the processes of a container, one row of strings each under column
 * titles, as the Engine API's {@code GET /containers/{id}/top} returns them
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerTop">ContainerTop</a>).
 * By default the columns of {@code ps -ef}: UID PID PPID C STIME TTY TIME CMD, with host pids.
 *
 * @param titles the column names
 * @param processes one row per process, as many cells as titles, ordered by pid
 */
public record ContainerProcesses(List<String> titles, List<List<String>> processes) {
    public ContainerProcesses {
        titles = List.copyOf(titles);
        processes = processes.stream().map(List::copyOf).toList();
    }
}
