package dev.berth.hostile;

import dev.berth.Berth;
import dev.berth.ContainerBuilder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The hostile-workload suite as the rootless user runs it, in that user's JVM
 * ({@link UnprivilegedHostileMain}); not a surefire test by name, as it cannot run in root's JVM.
 * Berth sees it is not root and makes rootless containers: a user namespace mapping container root
 * to the user, no cgroups where none is delegated.
 */
class UnprivilegedHostileWorkload extends HostileWorkloadSuite {
    /** The Berth home (holding {@link #IMAGE}) the user's JVM opens. */
    static final String HOME_PROPERTY = "berth.hostile.home";

    @Override
    String mode() {
        return "rootless";
    }

    @Override
    Berth openBerth() throws IOException {
        return Berth.builder().home(Path.of(System.getProperty(HOME_PROPERTY))).build();
    }

    @Override
    ContainerBuilder<?> container(Berth berth, String image) {
        return berth.container(image);
    }
}
