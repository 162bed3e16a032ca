package dev.berth.hostile;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link UnprivilegedHostileWorkload} through the JUnit Platform in a JVM of the rootless
 * test user, for {@link RootlessHostileWorkloadTest}, and writes a {@link RootlessRun} of it.
 * Arguments: the Berth home, a directory holding the compiled probe, and a directory the user
 * may write (the run's JSON and the user's own report go there).
 */
public final class UnprivilegedHostileMain {
    private UnprivilegedHostileMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[2]);
        System.setProperty(UnprivilegedHostileWorkload.HOME_PROPERTY, args[0]);
        System.setProperty(HostileProbe.DIRECTORY_PROPERTY, args[1]);
        System.setProperty(HostileReport.FILE_PROPERTY, out.resolve("hostile-report.md").toString());
        Recorder recorder = new Recorder();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(UnprivilegedHostileWorkload.class))
                .build(), recorder);
        // Every container was closed by its test: nothing the user's JVM started may still run.
        List<String> leftovers = ProcessHandle.current().descendants()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        new RootlessRun(recorder.results, leftovers).write(out.resolve("run.json"));
        System.out.println("rootless hostile suite: " + recorder.results.size() + " tests run");
        System.exit(0);
    }

    /** Records each test's outcome with the report rows added while it ran (tests run one at a time). */
    private static final class Recorder implements TestExecutionListener {
        final List<RootlessRun.Result> results = new ArrayList<>();
        private int rowsBefore;

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) {
                rowsBefore = HostileReport.rows().size();
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                results.add(new RootlessRun.Result(name(id), "ABORTED", "skipped: " + reason, List.of()));
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    // A class-level failure (e.g. in @AfterAll) would otherwise go unreported.
                    results.add(new RootlessRun.Result(id.getDisplayName(), "FAILED", describe(result), List.of()));
                }
                return;
            }
            List<HostileReport.Row> rows = HostileReport.rows();
            results.add(new RootlessRun.Result(name(id), result.getStatus().name(), describe(result),
                    rows.subList(rowsBefore, rows.size())));
        }

        private static String name(TestIdentifier id) {
            return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                    .orElse(id.getDisplayName());
        }

        private static String describe(TestExecutionResult result) {
            return result.getThrowable().map(t -> {
                if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    return String.valueOf(t.getMessage());
                }
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                return trace.toString();
            }).orElse("");
        }
    }
}
