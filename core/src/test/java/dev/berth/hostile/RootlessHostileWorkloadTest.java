package dev.berth.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.BusyboxImage;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.testing.UnprivilegedUser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-workload suite in rootless mode. Rootless containers need a JVM of an unprivileged
 * user, and this one runs as root, so this test prepares an {@link UnprivilegedUser} (a Berth home
 * with the busybox image, a copy of the compiled probe it can read), runs
 * {@link UnprivilegedHostileWorkload} in that user's JVM ({@link UnprivilegedHostileMain}) and
 * replays each of its tests here as a dynamic test: passed, skipped with its reason, or failed
 * quoting the failure. Its report rows join this JVM's report, next to the root rows.
 */
@RequiresRoot("creates the unprivileged host user the workloads run as")
class RootlessHostileWorkloadTest {
    /**
     * A user of the suite's own, with subordinate ids of its own (useradd's, else from
     * {@link #SUBORDINATE_IDS}): other rootless suites on this
     * machine close their {@code berthtest} by killing all its processes, which killed this
     * suite's JVM (exit 137) when they ran at the same time.
     */
    static final String USER = "berthhostile";
    static final int SUBORDINATE_IDS = 400000;

    private static UnprivilegedUser user;

    @TestFactory
    List<DynamicTest> everyAttemptAsAnUnprivilegedUser() throws Exception {
        user = UnprivilegedUser.create(USER, SUBORDINATE_IDS);
        Path home = user.directory("home");
        Path runtime = user.directory("run");
        Path out = user.directory("out");
        Path scratch = Files.createDirectory(user.work().resolve("scratch"));
        BusyboxImage.store(home, scratch);
        HostileImages.store(home, scratch, HostileProbe.directory().resolve("probe"));
        user.chown(home);
        UnprivilegedUser.Result jvm = user.runJava(home, runtime, Duration.ofSeconds(900),
                UnprivilegedHostileMain.class.getName(), home.toString(), readableProbe().toString(), out.toString());
        System.out.println("the rootless user's JVM (exit " + jvm.exitCode() + "):\n" + jvm.output());
        Path runFile = out.resolve("run.json");
        assertTrue(jvm.exitCode() == 0 && Files.exists(runFile),
                "the rootless user's JVM did not finish the suite (exit " + jvm.exitCode() + "):\n" + jvm.output());
        RootlessRun run = RootlessRun.read(runFile);
        run.results().forEach(r -> HostileReport.addAll(r.rows()));

        List<DynamicTest> tests = new ArrayList<>();
        for (RootlessRun.Result r : run.results()) {
            tests.add(DynamicTest.dynamicTest(r.test(), () -> replay(r)));
        }
        Set<String> ran = run.results().stream().map(RootlessRun.Result::test).collect(Collectors.toSet());
        for (String missing : suiteTests()) {
            if (!ran.contains(missing)) {
                tests.add(DynamicTest.dynamicTest(missing, () -> fail(missing + " did not run in the rootless user's JVM")));
            }
        }
        tests.add(DynamicTest.dynamicTest("nothing left behind", () -> {
            assertEquals(List.of(), run.leftovers(), "processes the rootless user's JVM left running");
            assertEquals(List.of(), Leaks.mounts(user.work().toString()), "mounts left under " + user.work());
            assertEquals(List.of(), Leaks.mounts("berth-hostile-"), "the suite's mounts left on the host");
        }));
        return tests;
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try {
            if (user != null) {
                user.close();
            }
        } finally {
            HostileReport.write();
        }
    }

    /** Passes, aborts with the printed reason, or fails quoting the user's JVM, as the test did there. */
    private static void replay(RootlessRun.Result r) {
        switch (r.status()) {
            case "SUCCESSFUL" -> {
            }
            case "ABORTED" -> {
                System.out.println("rootless: SKIPPED " + r.test() + ": " + r.message());
                Assumptions.abort(r.message());
            }
            default -> fail("rootless " + r.test() + " failed in the user's JVM:\n" + r.message());
        }
    }

    /** The compiled probe, copied into the user's work directory (root's {@code target/} may be closed to it). */
    private static Path readableProbe() throws Exception {
        Path dir = Files.createDirectory(user.work().resolve("probe"));
        Path probe = Files.copy(HostileProbe.directory().resolve("probe"), dir.resolve("probe"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** The names of the suite's attempts, each of which must come back from the user's JVM. */
    private static List<String> suiteTests() {
        return Arrays.stream(HostileWorkloadSuite.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
                .map(Method::getName).sorted().toList();
    }
}
