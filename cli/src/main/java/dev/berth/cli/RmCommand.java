package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rm} (<a href="https://docs.docker.com/reference/cli/docker/container/rm/">docker rm</a>). */
@Command(name = "rm", description = "Remove one or more containers")
final class RmCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Kill a running container first")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            for (String name : containers) {
                Container c = Containers.find(berth, name);
                if (force && c.isRunning()) {
                    c.kill();
                } else if (c.isRunning()) {
                    // A container that has just exited is seen by this new handle a moment later.
                    c.waitFor(Duration.ofSeconds(1));
                }
                c.remove();
                System.out.println(name);
            }
            return 0;
        }
    }
}
