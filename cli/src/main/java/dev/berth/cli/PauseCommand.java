package dev.berth.cli;

import dev.berth.Berth;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth pause}: freezes every process of each container through its cgroup
 * (<a href="https://docs.docker.com/reference/cli/docker/container/pause/">docker pause</a>).
 */
@Command(name = "pause", description = "Pause all processes within one or more containers")
final class PauseCommand extends Verb implements DockerStatus.ExitsOne {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            return DockerStatus.eachOf(containers, name -> Containers.find(berth, name).pause());
        }
    }
}
