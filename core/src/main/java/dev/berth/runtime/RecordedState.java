package dev.berth.runtime;

import dev.berth.ContainerState;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.process.ProcessIdentity;
import java.util.Optional;
import java.util.Set;

/**
 * What a container's {@code state.json} holds for another JVM: the state as its owner last
 * wrote it, and, while it runs, which processes are its main process and its stage-1 helper
 * (pid and start time, so that a reused pid is never taken for them) and the namespaces an
 * {@code exec} joins.
 *
 * @param state the state written
 * @param process the main process while running, else empty
 * @param helper the stage-1 helper (the monitor that outlives the process to record its end)
 * @param namespaces the main process's namespaces
 * @param restartCount how many times its restart policy has started it again
 */
public record RecordedState(ContainerState state, Optional<ProcessIdentity> process, Optional<ProcessIdentity> helper,
        Set<Namespace.Type> namespaces, int restartCount) {
}
