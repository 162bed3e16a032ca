package dev.berth.build;

import java.util.List;

/**
 * One stage of a build: {@code FROM base [AS name]} and its steps
 * (<a href="https://docs.docker.com/build/building/multi-stage/">multi-stage builds</a>).
 *
 * @param name the stage's name, or null
 * @param base {@code scratch}, an earlier stage's name, or an image (reference, digest or ID;
 *     pulled if the store lacks it)
 * @param origins where FROM and each step come from, for errors (e.g. {@code Dockerfile:12}), or
 *     empty strings
 */
public record BuildStage(String name, String base, List<BuildStep> steps, List<String> origins) {
    public BuildStage {
        steps = List.copyOf(steps);
        origins = List.copyOf(origins);
        if (origins.size() != steps.size() + 1) {
            throw new IllegalArgumentException("a stage needs one origin for FROM and one per step");
        }
    }

    /** A stage whose steps come from code (no source lines to name in errors). */
    public BuildStage(String name, String base, List<BuildStep> steps) {
        this(name, base, steps, java.util.Collections.nCopies(steps.size() + 1, ""));
    }

    /** The FROM line. */
    public String instruction() {
        return "FROM " + base + (name == null ? "" : " AS " + name);
    }
}
