package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ResourceUpdate;
import dev.berth.RestartPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth update}: changes the memory, CPU and pids limits of containers, at once on running
 * ones, and their restart policy; prints each name
 * (<a href="https://docs.docker.com/reference/cli/docker/container/update/">docker update</a>).
 * Docker's other limits (CPU shares and sets, swap, block I/O, kernel memory, reservations) are
 * refused with the reason: Berth's containers do not have them.
 */
@Command(name = "update", description = "Update configuration of one or more containers")
final class UpdateCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit")
    String memory;

    @Option(names = "--cpus", description = "Number of CPUs")
    Double cpus;

    @Option(names = "--pids-limit", description = "Tune container pids limit")
    Long pidsLimit;

    @Option(names = "--restart", paramLabel = "POLICY", description = "Restart policy to apply when a container exits")
    String restart;

    /** Docker's options for limits Berth's containers do not have: declared, so that the refusal can say why. */
    private static final String[] REFUSED = {"--blkio-weight", "--cpu-period", "--cpu-quota", "--cpu-rt-period", "--cpu-rt-runtime",
        "--cpu-shares", "--cpuset-cpus", "--cpuset-mems", "--kernel-memory", "--memory-reservation", "--memory-swap"};

    @Option(names = {"--blkio-weight", "--cpu-period", "--cpu-quota", "--cpu-rt-period", "--cpu-rt-runtime", "-c", "--cpu-shares",
        "--cpuset-cpus", "--cpuset-mems", "--kernel-memory", "--memory-reservation", "--memory-swap"}, paramLabel = "VALUE",
            description = "Refused: berth limits memory, CPUs and pids only")
    String refused;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (refused != null) {
            // the option as typed: picocli matches every alias of the one option
            String given = spec.commandLine().getParseResult().originalArgs().stream().map(a -> a.split("=", 2)[0])
                    .filter(a -> java.util.Arrays.asList(REFUSED).contains(a) || a.equals("-c")).findFirst().orElse("--cpu-shares");
            throw new UnsupportedOperationException("update " + given + ": berth updates --memory, --cpus, --pids-limit"
                    + " and --restart only");
        }
        if (memory == null && cpus == null && pidsLimit == null && restart == null) {
            throw new IllegalArgumentException("you must provide one or more flags when using this command");
        }
        ResourceUpdate update = new ResourceUpdate(memory == null ? null : RunOptions.bytes(memory), cpus, pidsLimit,
                restart == null ? null : RestartPolicy.parse(restart));
        try (Berth berth = top.open()) {
            return DockerStatus.eachOf(containers, name -> Containers.find(berth, name).update(update));
        }
    }
}
