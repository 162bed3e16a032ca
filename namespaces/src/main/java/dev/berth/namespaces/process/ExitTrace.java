package dev.berth.namespaces.process;

/**
 * The end of a traced launch ({@code -Dberth.launch.trace=true}): the helper's marks of the
 * reap (its "T" line before "X") and Java's own (report read, helper reaped, cgroup removed), on
 * the same clock as the launch's marks ({@link System#nanoTime}). The launcher's trace gives one;
 * {@link #NONE} ignores everything.
 */
public interface ExitTrace {
    /** Traces nothing. */
    ExitTrace NONE = new ExitTrace() {
        @Override
        public void mark(String label) {
        }

        @Override
        public void helperLine(String line) {
        }

        @Override
        public void finish() {
        }
    };

    /** Marks a step of Java's now. */
    void mark(String label);

    /** The helper's "T label=ns ..." line. */
    void helperLine(String line);

    /** The end is traced: the marks go where the launch's went. */
    void finish();
}
