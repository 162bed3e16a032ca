package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Volume;
import dev.berth.Volumes;
import dev.berth.dockerapi.volumes.VolumeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth volume}: named volumes, directories of the home that containers mount
 * (<a href="https://docs.docker.com/reference/cli/docker/volume/">docker volume</a>).
 */
@Command(name = "volume", description = "Manage volumes",
        subcommands = {VolumeCommand.Ls.class, VolumeCommand.Create.class, VolumeCommand.Rm.class, VolumeCommand.Inspect.class,
                VolumeCommand.Prune.class})
final class VolumeCommand {
    @ParentCommand
    BerthCommand top;

    /** A {@code volume} verb: reaches the engine through the group. */
    abstract static class Sub implements java.util.concurrent.Callable<Integer>, DockerStatus.ExitsOne {
        @ParentCommand
        VolumeCommand group;

        Berth open() throws java.io.IOException {
            return group.top.open();
        }
    }

    @Command(name = "ls", aliases = "list", description = "List volumes")
    static final class Ls extends Sub {
        @picocli.CommandLine.Mixin
        ListingOptions listing;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = open()) {
                ObjectListings.volumes(berth, listing, System.out);
                return 0;
            }
        }
    }

    @Command(name = "create", description = "Create a volume")
    static final class Create extends Sub {
        @Option(names = {"-d", "--driver"}, description = "Specify volume driver name (berth: local)")
        String driver = Volume.DRIVER;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata for a volume")
        List<String> labels = new ArrayList<>();

        @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "Set driver specific options")
        List<String> options = new ArrayList<>();

        @Option(names = "--name", description = "Specify volume name")
        String nameOption;

        @Parameters(arity = "0..1", paramLabel = "VOLUME")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!driver.equals(Volume.DRIVER)) {
                throw new UnsupportedOperationException("volume create --driver " + driver + ": berth has the local driver only");
            }
            if (name != null && nameOption != null && !name.equals(nameOption)) {
                throw new IllegalArgumentException("conflicting options: either specify --name or provide positional arg, not both");
            }
            try (Berth berth = open()) {
                Volume v = berth.volumes().create(name != null ? name : nameOption, NetworkCommand.pairs(labels),
                        NetworkCommand.pairs(options));
                System.out.println(v.name());
                return 0;
            }
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more volumes")
    static final class Rm extends Sub {
        @Option(names = {"-f", "--force"}, description = "Do not error if the volume does not exist")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<String> volumes;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = open()) {
                return DockerStatus.eachOf(volumes, name -> {
                    if (!berth.volumes().remove(name, force) && !force) {
                        throw new IllegalArgumentException("get " + name + ": no such volume");
                    }
                });
            }
        }
    }

    @Command(name = "inspect", description = "Display detailed information on one or more volumes")
    static final class Inspect extends Sub {
        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<String> volumes;

        @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a Go template, or 'json'")
        String format;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = open()) {
                if (format != null && !format.isEmpty()) {
                    int code = new Inspector(berth, false, true).print(volumes, Inspector.Kind.VOLUME,
                            "json".equals(format) ? "{{json .}}" : format, System.out, System.err);
                    System.out.flush();
                    return code;
                }
                return DockerJson.inspect(volumes, name -> berth.volumes().find(name).map(VolumeJson::of),
                        name -> "get " + name + ": no such volume");
            }
        }
    }

    @Command(name = "prune", description = "Remove unused local volumes")
    static final class Prune extends Sub {
        @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just anonymous ones")
        boolean all;

        @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
        boolean force;

        @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (label=KEY[=VALUE], label!=...)")
        List<String> filters = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Predicate<Volume> which = PruneFilter.parse(filters, Volume::createdAt, Volume::labels);
            Predicate<Volume> selected = all ? which : which.and(Volume::anonymous);
            if (!force && !Confirmation.ask(all ? "WARNING! This will remove all local volumes not used by at least one container."
                    : "WARNING! This will remove anonymous local volumes not used by at least one container.")) {
                return 0;
            }
            try (Berth berth = open()) {
                Volumes.Pruned pruned = berth.volumes().prune(selected);
                if (!pruned.names().isEmpty()) {
                    System.out.println("Deleted Volumes:");
                    pruned.names().forEach(System.out::println);
                    System.out.println();
                }
                System.out.println("Total reclaimed space: " + Human.size(pruned.bytesFreed()));
                return 0;
            }
        }
    }
}
