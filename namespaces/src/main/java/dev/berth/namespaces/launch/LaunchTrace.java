package dev.berth.namespaces.launch;

import dev.berth.namespaces.process.ExitTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opt-in timestamps of one launch, to find where its milliseconds go: with
 * {@code -Dberth.launch.trace=true}, Java marks its own steps (cgroup made, spec encoded, helper
 * spawned, spec written, report read, handle adopted) and the stage-1 helper reports its steps and its child's
 * (spec read, clone, each mount record, pivot_root, the gates, the instant before execve) in a
 * "T" line (src/main/c/stage1/trace.c). Both use CLOCK_MONOTONIC ({@link System#nanoTime}), so
 * one timeline results. Each finished launch goes to the {@link #listener}, as marks in time order:
 * standard error with the property; setting a listener turns tracing on without it. The end of
 * the process (the helper's reap, Java's report read and cgroup removal) follows as a second list
 * that starts with the same "launch" mark.
 */
public final class LaunchTrace {
    /** The helper's environment variable that turns its trace on. */
    static final String HELPER_VARIABLE = "BERTH_STAGE1_TRACE=1";
    private static final LaunchTrace OFF = new LaunchTrace("");
    private static final Consumer<List<Mark>> STDERR = marks -> System.err.println("berth launch trace: " + format(marks));
    /** Null: launches are not traced. */
    private static volatile Consumer<List<Mark>> listener = Boolean.getBoolean("berth.launch.trace") ? STDERR : null;

    /** One step: its label and its {@link System#nanoTime} instant. */
    public record Mark(String label, long nanos) {
    }

    private final String name;
    private final List<Mark> marks = new ArrayList<>();

    private LaunchTrace(String name) {
        this.name = name;
    }

    /** A trace of launching {@code name} whose first mark is now; a no-op one when tracing is off. */
    static LaunchTrace start(String name) {
        if (listener == null) {
            return OFF;
        }
        LaunchTrace t = new LaunchTrace(name);
        t.mark("launch");
        return t;
    }

    /** Traces every launch from now on into {@code sink} (a bench collects them); null stops tracing. */
    public static void listener(Consumer<List<Mark>> sink) {
        listener = sink;
    }

    boolean enabled() {
        return this != OFF;
    }

    void mark(String label) {
        if (this != OFF) {
            marks.add(new Mark(label, System.nanoTime()));
        }
    }

    /** The helper's "T label=ns ..." line. */
    void helperLine(String line) {
        if (this != OFF) {
            marks.addAll(parse(line));
        }
    }

    private static List<Mark> parse(String line) {
        List<Mark> out = new ArrayList<>();
        for (String field : line.substring(1).trim().split(" ")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                out.add(new Mark(field.substring(0, eq), Long.parseLong(field.substring(eq + 1))));
            }
        }
        return out;
    }

    /** The launch is done: the marks in time order go to the listener. */
    void finish() {
        if (this != OFF) {
            mark("handle");
            deliver(marks);
        }
    }

    private static void deliver(List<Mark> marks) {
        List<Mark> sorted = new ArrayList<>(marks);
        sorted.sort(Comparator.comparingLong(Mark::nanos));
        Consumer<List<Mark>> sink = listener;
        if (sink != null) {
            sink.accept(List.copyOf(sorted));
        }
    }

    /**
     * The trace of the process's end: its marks go to the listener as a second list, which starts
     * with this launch's first mark ("launch"), so that both lists share their origin.
     */
    ExitTrace exitTrace() {
        if (this == OFF) {
            return ExitTrace.NONE;
        }
        Mark origin = marks.get(0);
        List<Mark> end = java.util.Collections.synchronizedList(new ArrayList<>()); // launcher and watcher thread
        return new ExitTrace() {
            @Override
            public void mark(String label) {
                end.add(new Mark(label, System.nanoTime()));
            }

            @Override
            public void helperLine(String line) {
                end.addAll(parse(line));
            }

            @Override
            public void finish() {
                List<Mark> all;
                synchronized (end) {
                    all = new ArrayList<>(end);
                }
                all.add(origin);
                deliver(all);
            }
        };
    }

    /** "label +ms" per mark, each since the one before; the total last. */
    public static String format(List<Mark> marks) {
        StringBuilder b = new StringBuilder();
        long prev = marks.isEmpty() ? 0 : marks.get(0).nanos();
        for (Mark m : marks) {
            b.append(String.format("%s +%.3f ", m.label(), (m.nanos() - prev) / 1e6));
            prev = m.nanos();
        }
        if (!marks.isEmpty()) {
            b.append(String.format("= %.3f ms", (marks.get(marks.size() - 1).nanos() - marks.get(0).nanos()) / 1e6));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "launch trace of " + name;
    }
}
