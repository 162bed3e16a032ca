package dev.berth.cli;

import dev.berth.Berth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth rename}: gives a container a new name; prints nothing
 * (<a href="https://docs.docker.com/reference/cli/docker/container/rename/">docker rename</a>).
 */
@Command(name = "rename", description = "Rename a container")
final class RenameCommand extends Verb implements DockerStatus.ExitsOne {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            Containers.find(berth, container).rename(newName.startsWith("/") ? newName.substring(1) : newName);
            return 0;
        }
    }
}
