package dev.berth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A class's shared home with the busybox image stored, and a fresh {@link Berth} on it per test (as root); also the base of the build tests. */
@RequiresRoot("containers of the busybox image (namespaces, overlay mounts, cgroups)")
public abstract class BusyboxContainers {
    protected static final String IMAGE = BusyboxImage.REFERENCE;

    @TempDir
    protected static Path home;

    protected Berth berth;

    @BeforeAll
    static void storeImage(@TempDir Path scratch) throws IOException {
        BusyboxImage.store(home, scratch);
    }

    @BeforeEach
    void openBerth() throws IOException {
        berth = Berth.builder().home(home).build();
    }

    @AfterEach
    void closeBerth() {
        berth.close();
    }

    /** Waits for the exit and returns the log. */
    static String run(Container c) throws InterruptedException {
        assertTrue(c.waitFor(Duration.ofSeconds(20)).isPresent(), "container did not exit: " + c.logs());
        return c.logs();
    }
}
