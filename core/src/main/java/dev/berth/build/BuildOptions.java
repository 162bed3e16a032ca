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
 * @param noCache whether every step runs again instead of reusing the build cache ({@code --no-cache});
 *     its results are still recorded for later builds, as Docker's classic builder does
 * @param secrets {@code --secret id=ID,src=FILE}: the files {@code RUN --mount=type=secret} shows, by id
 * @param sshSockets {@code --ssh ID=SOCKET}: the SSH agent sockets {@code RUN --mount=type=ssh} shows, by id
 */
public record BuildOptions(Path context, Predicate<String> excluded, Map<String, String> buildArgs, String target,
        BuildListener listener, boolean noCache, Map<String, Path> secrets, Map<String, Path> sshSockets) {
    public BuildOptions {
        buildArgs = Map.copyOf(buildArgs);
        secrets = Map.copyOf(secrets);
        sshSockets = Map.copyOf(sshSockets);
    }

    /** Without secrets or SSH sockets. */
    public BuildOptions(Path context, Predicate<String> excluded, Map<String, String> buildArgs, String target,
            BuildListener listener, boolean noCache) {
        this(context, excluded, buildArgs, target, listener, noCache, Map.of(), Map.of());
    }

    /** Using the cache. */
    public BuildOptions(Path context, Predicate<String> excluded, Map<String, String> buildArgs, String target,
            BuildListener listener) {
        this(context, excluded, buildArgs, target, listener, false);
    }
}
