package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.PrunedContainers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth container prune}
 * (<a href="https://docs.docker.com/reference/cli/docker/container/prune/">docker container prune</a>):
 * removes every stopped container ({@link Berth#pruneContainers}) that the filters select, after
 * docker's question unless {@code -f}, and prints the ids and the space their writable layers
 * held. Reached as {@code container prune} ({@link ManagementForms}).
 */
@Command(name = "container-prune", hidden = true, description = "Remove all stopped containers")
final class ContainerPruneCommand extends Verb implements DockerStatus.ExitsOne {
    static final String WARNING = "WARNING! This will remove all stopped containers.";

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (e.g. \"until=<timestamp>\", label=KEY[=VALUE])")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Predicate<Container> which = PruneFilter.parse(filters, Container::created, Container::labels);
        if (!force && !Confirmation.ask(WARNING)) {
            return 0;
        }
        try (Berth berth = top.open()) {
            PrunedContainers pruned = berth.pruneContainers(which);
            if (!pruned.deleted().isEmpty()) {
                System.out.println("Deleted Containers:");
                pruned.deleted().forEach(System.out::println);
                System.out.println();
            }
            System.out.println("Total reclaimed space: " + Human.size(pruned.spaceReclaimed()));
            return 0;
        }
    }
}
