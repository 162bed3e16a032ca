package dev.berth.build;

import java.util.List;

/**
 * One stage of a build: {@code FROM base [AS name]} and its steps
 * (<a href="https://docs.docker.com/build/building/multi-stage/">multi-stage builds</a>).
 *
 * @param name the stage's name, or null
 * @param base {@code scratch}, an earlier stage's name, or an image (reference, digest or ID;
 *     pulled if the store lacks it)
 */
public record BuildStage(String name, String base, List<BuildStep> steps) {
    public BuildStage {
        steps = List.copyOf(steps);
    }

    /** The FROM line. */
    public String instruction() {
        return "FROM " + base + (name == null ? "" : " AS " + name);
    }
}
