package dev.berth.cli;

import dev.berth.Berth;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth unpause}: thaws the processes of each paused container
 * (<a href="https://docs.docker.com/reference/cli/docker/container/unpause/">docker unpause</a>).
 */
@Command(name = "unpause", description = "Unpause all processes within one or more containers")
final class UnpauseCommand extends Verb implements DockerStatus.ExitsOne {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            return DockerStatus.eachOf(containers, name -> Containers.find(berth, name).unpause());
        }
    }
}
