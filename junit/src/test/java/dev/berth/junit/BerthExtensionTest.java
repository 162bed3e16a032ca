package dev.berth.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs a {@link BerthTest} class through the JUnit launcher and checks what it started and left. */
@RequiresRoot("the extension starts containers")
class BerthExtensionTest {
    @TempDir
    static Path home;

    @BeforeAll
    static void storeImage(@TempDir Path scratch) throws IOException {
        BusyboxImage.store(home, scratch);
    }

    /** What the fixture's tests saw: "test shared-id per-test-id". */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    /** Not run by surefire (a nested class); run by the test below. */
    @BerthTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Fixture {
        static final Berth BERTH = open();

        @BerthContainer
        static final ContainerBuilder<?> SHARED = BERTH.container(BusyboxImage.REFERENCE).command("sleep", "600");

        @BerthContainer
        final ContainerBuilder<?> perTest = BERTH.container(BusyboxImage.REFERENCE).command("sleep", "600");

        /** Filled by the extension from the builders above, as Testcontainers users keep their container in a field. */
        @BerthContainer("SHARED")
        static Container sharedField;

        @BerthContainer("perTest")
        Container mineField;

        private static Berth open() {
            try {
                return Berth.builder().home(home).build();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Test
        void first(@BerthContainer("SHARED") Container shared, @BerthContainer("perTest") Container mine) {
            assertSame(shared, sharedField);
            assertSame(mine, mineField);
            record("first", shared, mine);
        }

        @Test
        void second(@BerthContainer("SHARED") Container shared, @BerthContainer("perTest") Container mine) {
            assertSame(shared, sharedField);
            assertSame(mine, mineField);
            record("second", shared, mine);
        }

        private static void record(String test, Container shared, Container mine) {
            assertTrue(shared.isRunning() && mine.isRunning());
            assertEquals("ok\n", mine.exec("echo", "ok").stdout());
            SEEN.add(test + " " + shared.id() + " " + mine.id());
        }
    }

    @Test
    void staticFieldsGetOneContainerPerClassInstanceFieldsOnePerTestAndNoneOutlivesTheClass() throws Exception {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Fixture.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        assertEquals(2, summary.getTestsSucceededCount(), "fixture failures: " + summary.getFailures());

        assertEquals(2, SEEN.size());
        String[] first = SEEN.get(0).split(" ");
        String[] second = SEEN.get(1).split(" ");
        assertEquals(first[1], second[1], "the static container was started twice");
        assertNotEquals(first[2], second[2], "the instance container was shared between tests");
        try (Stream<Path> left = Files.list(home.resolve("containers"))) {
            assertEquals(List.of(), left.toList());
        }
        assertEquals(List.of(), Fixture.BERTH.containers());
        Fixture.BERTH.close();
    }
}
