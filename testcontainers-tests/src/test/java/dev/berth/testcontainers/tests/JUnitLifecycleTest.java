package dev.berth.testcontainers.tests;

import static dev.berth.testcontainers.tests.LocalImages.BUSYBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.model.Container;
import dev.berth.namespaces.testing.RequiresRoot;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The JUnit 5 {@code @Testcontainers} lifecycle: a static {@code @Container} is shared by the
 * class's tests, an instance one is started anew for each test, and both are gone afterwards.
 */
@RequiresRoot("Berth runs the containers as root")
class JUnitLifecycleTest {
    /** What the fixture's tests saw: "test shared-id per-test-id running running". */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    /** Not run by surefire (a nested class); run through the launcher by the test below. */
    @Testcontainers
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Fixture {
        @org.testcontainers.junit.jupiter.Container
        static final GenericContainer<?> SHARED = new GenericContainer<>(BUSYBOX).withCommand("sleep", "600");

        @org.testcontainers.junit.jupiter.Container
        final GenericContainer<?> perTest = new GenericContainer<>(BUSYBOX).withCommand("sleep", "600");

        @Test
        void first() {
            record("first");
        }

        @Test
        void second() {
            record("second");
        }

        private void record(String test) {
            SEEN.add(test + " " + SHARED.getContainerId() + " " + perTest.getContainerId() + " "
                    + SHARED.isRunning() + " " + perTest.isRunning());
        }
    }

    @Test
    void staticContainersAreSharedInstanceOnesPerTestAndAllAreRemovedAfter() {
        SEEN.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Fixture.class)).build(), summary);
        TestExecutionSummary result = summary.getSummary();
        result.getFailures().forEach(f -> f.getException().printStackTrace());
        assertEquals(2, result.getTestsSucceededCount(), "fixture failures: " + result.getFailures());

        assertEquals(2, SEEN.size(), SEEN.toString());
        String[] first = SEEN.get(0).split(" ");
        String[] second = SEEN.get(1).split(" ");
        assertEquals(first[1], second[1], "the static container was not shared");
        assertNotEquals(first[2], second[2], "the instance container was shared");
        assertTrue(SEEN.stream().allMatch(s -> s.endsWith(" true true")), SEEN.toString());

        Set<String> left = DockerClientFactory.instance().client().listContainersCmd().withShowAll(true).exec()
                .stream().map(Container::getId).collect(Collectors.toSet());
        for (String id : List.of(first[1], first[2], second[2])) {
            assertTrue(!left.contains(id), "container " + id + " is left after the class");
        }
    }
}
