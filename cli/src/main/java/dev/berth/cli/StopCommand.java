package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stop}: the stop signal, then SIGKILL after the grace period
 * (<a href="https://docs.docker.com/reference/cli/docker/container/stop/">docker stop</a>).
 */
@Command(name = "stop", description = "Stop one or more running containers")
final class StopCommand extends Verb {
    @Option(names = {"-t", "--time"}, description = "Seconds to wait before killing the container (default 10)")
    long seconds = 10;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal to send to the container (default: its stop signal)")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            for (String name : containers) {
                Container c = Containers.find(berth, name);
                if (c.isRunning()) {
                    if (signal == null) {
                        c.stop(Duration.ofSeconds(seconds));
                    } else {
                        c.stop(Duration.ofSeconds(seconds), signal);
                    }
                }
                System.out.println(name);
            }
            return 0;
        }
    }
}
