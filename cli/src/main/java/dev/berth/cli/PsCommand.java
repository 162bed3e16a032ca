package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth ps}: lists containers (<a href="https://docs.docker.com/reference/cli/docker/container/ls/">docker ps</a>). */
@Command(name = "ps", description = "List containers")
final class PsCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            List<Container> list = berth.listContainers().stream().filter(c -> all || c.isRunning())
                    .sorted(java.util.Comparator.comparing((Container c) -> c.created()).reversed()).toList();
            if (quiet) {
                list.forEach(c -> System.out.println(c.id().substring(0, 12)));
                return 0;
            }
            Table t = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
            for (Container c : list) {
                t.row(c.id().substring(0, 12), c.image(), quoted(String.join(" ", c.command())), Human.ago(c.created()),
                        status(c), PublishedPorts.column(c), c.name());
            }
            t.print(System.out);
            return 0;
        }
    }

    static String status(Container c) {
        if (c.state().running()) {
            return "Up " + Human.duration(Duration.between(c.state().startedAt(), Instant.now()));
        }
        if (c.state().status() == dev.berth.ContainerState.Status.CREATED) {
            return "Created";
        }
        return "Exited (" + c.state().exitCode() + ") " + c.state().finished().map(Human::ago).orElse("");
    }

    private static String quoted(String command) {
        return "\"" + (command.length() > 20 ? command.substring(0, 19) + "…" : command) + "\"";
    }
}
