package dev.berth;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Berth side of {@code bench/exec.sh}: in one warm JVM, a running busybox container with
 * memory and pids limits (so that an exec joins its cgroups), warm-up execs, then {@code RUNS}
 * sequential {@code exec true} through the public API, each timed from the call to its result.
 * Appends one line per exec (microseconds) to {@code OUT}, so that alternating runs of two
 * builds add up to one sample per build. Uses only API that every build since the first exec
 * has, so the same source runs against an older build.
 *
 * <pre>java -cp TEST_CLASSPATH dev.berth.ExecBench HOME RUNS OUT</pre> (HOME: a fresh directory)
 */
public final class ExecBench {
    private ExecBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        BusyboxImage.store(home, Files.createDirectories(home.resolveSibling(home.getFileName() + "-scratch")));
        try (Berth berth = Berth.builder().home(home).build();
                Container c = berth.container(BusyboxImage.REFERENCE).user("root").memory(64L << 20).pids(64)
                        .command("sleep", "600").start();
                PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND))) {
            for (int i = 0; i < 50; i++) {
                execTrue(c);
            }
            for (int i = 0; i < runs; i++) {
                w.println(execTrue(c));
            }
        }
    }

    /** {@code exec true}: microseconds from the call to its result. */
    private static long execTrue(Container c) throws IOException {
        long t0 = System.nanoTime();
        ExecResult r = c.exec("true");
        long us = (System.nanoTime() - t0) / 1000;
        if (r.exitCode() != 0) {
            throw new IOException("exec true failed: " + r);
        }
        return us;
    }
}
