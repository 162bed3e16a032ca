package dev.berth.namespaces.host;

import java.io.PrintStream;

/**
 * Start-up marks for a short-lived process such as the {@code berth} command (#17): with
 * {@code -Dberth.startupTrace=true} each {@link #mark} prints one line on stderr, the
 * milliseconds since the first mark and since the previous one, so that a slow verb shows which
 * of its steps the time went to. Off (the default) a mark costs one static field read.
 */
public final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("berth.startupTrace");
    private static long first;
    private static long last;

    private StartupTrace() {
    }

    /** Whether marks are printed. */
    public static boolean on() {
        return ON;
    }

    /** Prints {@code what} with the time since the first mark and the previous one, when tracing. */
    public static void mark(String what) {
        if (ON) {
            print(what);
        }
    }

    private static synchronized void print(String what) {
        long now = System.nanoTime();
        PrintStream err = System.err;
        if (first == 0) {
            first = now;
            last = now;
            // The wall clock, to set against the caller's (e.g. date +%s%N before the launcher):
            // what went before, the launcher and the JVM's own start.
            err.println("berth-trace      0.0 ms  +    0.0  " + what + " at " + System.currentTimeMillis() + " ms since the epoch");
            return;
        }
        err.println("berth-trace " + ms(now - first) + " ms  +" + ms(now - last) + "  " + what);
        last = now;
    }

    /** Nanoseconds as milliseconds with one decimal, right-aligned (no Formatter: it would cost what it measures). */
    private static String ms(long nanos) {
        long tenths = nanos / 100_000;
        String s = tenths / 10 + "." + tenths % 10;
        return " ".repeat(Math.max(0, 8 - s.length())) + s;
    }
}
