package dev.berth.build;

import dev.berth.BuildListener;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A build's inputs besides its stages.
 *
 * @param context the build context directory, or null when nothing is copied from one
 * @param excluded which context paths (relative, {@code a/b.txt}) .dockerignore excludes
 * @param buildArgs {@code --build-arg} values by name
 * @param target the stage to build, or null for the last
 * @param listener progress
 */
public record BuildOptions(Path context, Predicate<String> excluded, Map<String, String> buildArgs, String target,
        BuildListener listener) {
    public BuildOptions {
        buildArgs = Map.copyOf(buildArgs);
    }
}
