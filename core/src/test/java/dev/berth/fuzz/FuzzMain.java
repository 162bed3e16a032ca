package dev.berth.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz test through the JUnit Platform, for {@code bench/fuzz.sh}: with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes it for {@code -Djazzer.max_duration}; findings are saved
 * beside its seeds and fail the run.
 *
 * <pre>java -cp ... dev.berth.fuzz.FuzzMain ImageReferenceFuzzTest#parse</pre>
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] target = args[0].split("#");
        Class<?> type = Class.forName(FuzzMain.class.getPackageName() + "." + target[0]);
        Method method = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(target[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fuzz test " + args[0]));
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(type, method)).build(), summary);
        TestExecutionSummary s = summary.getSummary();
        s.printFailuresTo(new java.io.PrintWriter(System.out, true), 40);
        System.out.println(args[0] + ": " + s.getTestsSucceededCount() + " passed, " + s.getTestsFailedCount() + " failed");
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
