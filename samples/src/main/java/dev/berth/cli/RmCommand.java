package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ContainerSummary;
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
                ContainerSummary c = Containers.find(berth, name);
                if (force && c.state().running() && c.owner().isPresent()) {
                    ControlClient.of(berth.home(), c).kill();
                    awaitOwnerExit(berth, c);
                }
                berth.removeContainer(c.id());
                System.out.println(name);
            }
            return 0;
        }
    }

    /** The owner of a killed container records the exit and, for a detached one, exits. */
    private static void awaitOwnerExit(Berth berth, ContainerSummary c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ContainerSummary now = berth.findContainer(c.id());
            if (now.owner().isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
