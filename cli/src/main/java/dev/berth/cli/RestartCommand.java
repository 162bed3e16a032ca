package dev.berth.cli;

import dev.berth.Berth;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth restart}: stops each container (its stop signal, then SIGKILL after the grace
 * period) and starts it again in the same root
 * (<a href="https://docs.docker.com/reference/cli/docker/container/restart/">docker restart</a>).
 */
@Command(name = "restart", description = "Restart one or more containers")
final class RestartCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = {"-t", "--time"}, description = "Seconds to wait before killing the container (default 10)")
    long seconds = 10;

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        if (signal != null) {
            throw new UnsupportedOperationException("restart --signal: berth stops with the container's stop signal"
                    + " (set at create with the image's STOPSIGNAL)");
        }
        try (Berth berth = top.open()) {
            return DockerStatus.eachOf(containers, name -> Containers.find(berth, name).restart(Duration.ofSeconds(seconds)));
        }
    }
}
