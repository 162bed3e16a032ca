package dev.berth;

import java.time.Duration;

/**
 * What a build reports while it runs, step by step, as {@code docker build} prints it
 * (<a href="https://docs.docker.com/reference/cli/docker/buildx/build/">docker build</a>): a step
 * started, was taken from the build cache, or finished, and each line a {@code RUN} command
 * printed. Steps are numbered from 1 across all stages built, {@code FROM} included. Called on
 * the building thread, except {@link #output}, which a reader thread of the command calls; every
 * method does nothing by default.
 */
public interface BuildListener {
    /** A listener that ignores everything. */
    BuildListener NONE = new BuildListener() {
    };

    /** Step {@code number} of {@code total} ({@code instruction} as history shows it) starts. */
    default void stepStarted(int number, int total, String instruction) {
    }

    /** Step {@code number} is taken from the build cache: no container runs, no file is copied. */
    default void stepCached(int number, int total, String instruction) {
    }

    /** Step {@code number} is done, after {@code took}. */
    default void stepFinished(int number, int total, String instruction, Duration took) {
    }

    /** One line (without its end) that step {@code number}'s command wrote to stdout or stderr. */
    default void output(int number, String line) {
    }

    /**
     * A warning about the build, as {@code docker build} prints them: a Dockerfile check that
     * failed (BuildKit's rule name, its message and line, e.g. {@code LegacyKeyValueFormat:
     * "ENV key=value" should be used instead of legacy "ENV key value" format (line 3)}), reported
     * before the first step, or something a step left out (step {@code number}; 0 for the parse).
     */
    default void warning(int number, String message) {
    }
}
