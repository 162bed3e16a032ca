package dev.berth.cli;

import dev.berth.BuildListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code docker build --progress plain}: BuildKit's plain lines, on stderr as docker prints them
 * ({@code #N [i/n] INSTRUCTION}, {@code #N 0.123 output}, {@code #N CACHED}, {@code #N DONE 0.3s}),
 * one vertex per step, the export last
 * (<a href="https://docs.docker.com/build/building/variables/#buildkit_progress">progress types</a>).
 */
final class PlainProgress implements BuildListener {
    private final PrintStream out;
    private final BuildWarnings warnings;
    private long stepStart;
    private int lastVertex;

    PlainProgress(PrintStream out, BuildWarnings warnings) {
        this.out = out;
        this.warnings = warnings;
    }

    @Override
    public void stepStarted(int number, int total, String instruction) {
        stepStart = System.nanoTime();
        lastVertex = number;
        out.println("#" + number + " [" + number + "/" + total + "] " + instruction);
    }

    @Override
    public void stepCached(int number, int total, String instruction) {
        out.println("#" + number + " CACHED");
        out.println();
    }

    @Override
    public void stepFinished(int number, int total, String instruction, Duration took) {
        out.println("#" + number + " DONE " + seconds(took.toNanos()));
        out.println();
    }

    @Override
    public void output(int number, String line) {
        out.println("#" + number + " " + seconds(System.nanoTime() - stepStart).replace("s", "") + " " + line);
    }

    /** A failed build check goes to the summary at the end; a step's warning is a line of its vertex. */
    @Override
    public void warning(int number, String message) {
        if (number == 0) {
            warnings.add(message);
        } else {
            out.println("#" + number + " WARN: " + message);
        }
    }

    /** The last vertex: the image written and named. */
    void exported(String id, List<String> tags) {
        int n = lastVertex + 1;
        long t = System.nanoTime();
        out.println("#" + n + " exporting to image");
        out.println("#" + n + " writing image " + id + " done");
        tags.forEach(tag -> out.println("#" + n + " naming to " + tag + " done"));
        out.println("#" + n + " DONE " + seconds(System.nanoTime() - t));
        out.flush();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }
}
