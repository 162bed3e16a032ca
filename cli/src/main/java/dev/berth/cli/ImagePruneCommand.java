package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Image;
import dev.berth.ImageRemoval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth image prune}
 * (<a href="https://docs.docker.com/reference/cli/docker/image/prune/">docker image prune</a>):
 * removes the dangling (untagged) images no container uses, with {@code -a} every image no
 * container uses, that the filters select, after docker's question unless {@code -f}; prints
 * what was untagged and deleted and the space reclaimed. Reached as {@code image prune}
 * ({@link ManagementForms}).
 */
@Command(name = "image-prune", hidden = true, description = "Remove unused images")
final class ImagePruneCommand extends Verb implements DockerStatus.ExitsOne {
    static final String DANGLING = "WARNING! This will remove all dangling images.";
    static final String ALL = "WARNING! This will remove all images without at least one container associated to them.";

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (e.g. \"until=<timestamp>\", label=KEY[=VALUE])")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // an image without a creation time is as old as can be: until= selects it
        Predicate<Image> which = PruneFilter.parse(filters, i -> i.created().orElse(Instant.EPOCH), Image::labels);
        if (!force && !Confirmation.ask(all ? ALL : DANGLING)) {
            return 0;
        }
        try (Berth berth = top.open()) {
            ImageRemoval removed = berth.images().prune(!all, which);
            if (!removed.untagged().isEmpty() || !removed.deleted().isEmpty()) {
                System.out.println("Deleted Images:");
                removed.untagged().forEach(n -> System.out.println("untagged: " + RmiCommand.familiar(n)));
                removed.deleted().forEach(id -> System.out.println("deleted: " + id));
                System.out.println();
            }
            System.out.println("Total reclaimed space: " + Human.size(removed.spaceReclaimed()));
            return 0;
        }
    }
}
