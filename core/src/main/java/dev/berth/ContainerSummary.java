package dev.berth;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * One container in a home, whichever JVM started it, as a line of {@code docker ps -a}
 * (<a href="https://docs.docker.com/reference/cli/docker/container/ls/">docker container ls</a>)
 * shows it: read from its directory's {@code config.json}, {@code state.json} and {@code owner}.
 *
 * @param id 64 hex digits
 * @param name its name
 * @param image the image as it was named
 * @param command entrypoint and cmd
 * @param created when it was created
 * @param state running or exited, as its owner last recorded it
 * @param owner the pid of the live process that runs it, empty once that process has gone
 * @param directory its directory ({@code config.json}, {@code state.json}, {@code log.json})
 */
public record ContainerSummary(String id, String name, String image, List<String> command, Instant created,
        ContainerState state, OptionalLong owner, Path directory) {

    /** Whether {@code nameOrId} names it: its name, its id, or a unique-enough prefix of the id. */
    public boolean isNamed(String nameOrId) {
        return name.equals(nameOrId) || (nameOrId.length() >= 3 && id.startsWith(nameOrId));
    }
}
