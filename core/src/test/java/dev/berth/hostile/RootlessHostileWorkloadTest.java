package dev.berth.hostile;

import dev.berth.Berth;
import dev.berth.ContainerBuilder;
import org.junit.jupiter.api.Assumptions;

/**
 * The hostile-workload suite in rootless mode. Rootless containers need a JVM of an unprivileged
 * user (as {@code RootlessContainerTest} runs its scenarios), and this suite's JVM runs as root, so
 * every attempt is skipped with that reason. Running them there means launching this class in
 * such a JVM (the JUnit Platform launcher, as {@code dev.berth.fuzz.FuzzMain} does), where
 * {@link #openBerth()} opens the user's home and {@link #container} is {@code berth.container}.
 */
class RootlessHostileWorkloadTest extends HostileWorkloadSuite {
    @Override
    String mode() {
        return "rootless";
    }

    @Override
    Berth openBerth() {
        Assumptions.abort("rootless containers need a JVM of an unprivileged user; this one runs as root "
                + "(running the suite in RootlessContainerTest's user JVM is not wired yet)");
        return null;
    }

    @Override
    ContainerBuilder<?> container(Berth berth, String image) {
        throw new UnsupportedOperationException("not reached: openBerth aborts");
    }
}
