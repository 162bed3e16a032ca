package dev.berth.hostile;

import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.ContainerBuilder;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The hostile-workload suite against containers started by root (Berth's default mode). */
@RequiresRoot("runs hostile workloads in root containers")
class RootHostileWorkloadTest extends HostileWorkloadSuite {
    @TempDir
    static Path home;

    @BeforeAll
    static void storeImage(@TempDir Path scratch) throws Exception {
        BusyboxImage.store(home, scratch);
        HostileImages.store(home, scratch, HostileProbe.directory().resolve("probe"));
    }

    @Override
    String mode() {
        return "root";
    }

    @Override
    Berth openBerth() throws IOException {
        return Berth.builder().home(home).build();
    }

    @Override
    ContainerBuilder<?> container(Berth berth, String image) {
        return berth.container(image);
    }
}
