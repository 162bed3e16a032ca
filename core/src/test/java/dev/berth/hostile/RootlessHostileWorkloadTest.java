package dev.berth.hostile;

import dev.berth.Berth;
import dev.berth.ContainerBuilder;
import org.junit.jupiter.api.Assumptions;

/**
 * The hostile-workload suite in rootless mode. Berth has no rootless containers yet, so every
 * attempt is skipped with that reason; when it does, {@link #openBerth()} opens a home as an
 * unprivileged user and {@link #container} makes rootless containers, and the same attempts run.
 */
class RootlessHostileWorkloadTest extends HostileWorkloadSuite {
    @Override
    String mode() {
        return "rootless";
    }

    @Override
    Berth openBerth() {
        Assumptions.abort("rootless containers are not in Berth yet: ContainerBuilder has no rootless mode to attack");
        return null;
    }

    @Override
    ContainerBuilder<?> container(Berth berth, String image) {
        throw new UnsupportedOperationException("rootless containers are not in Berth yet");
    }
}
