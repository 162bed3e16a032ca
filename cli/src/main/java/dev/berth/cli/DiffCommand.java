package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.FileChange;
import java.util.Comparator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth diff}: the paths a container added ({@code A}), changed ({@code C}) or deleted
 * ({@code D}) in its root, by path
 * (<a href="https://docs.docker.com/reference/cli/docker/container/diff/">docker diff</a>).
 */
@Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem")
final class DiffCommand extends Verb implements DockerStatus.ExitsOne {
    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            Containers.find(berth, container).changes().stream().sorted(Comparator.comparing(FileChange::path))
                    .forEach(ch -> System.out.println(ch.kind().letter() + " " + ch.path()));
            return 0;
        }
    }
}
