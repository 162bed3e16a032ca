package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.CommitOptions;
import dev.berth.Container;
import dev.berth.Image;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth commit}: a new image from a container's changes, its id printed
 * (<a href="https://docs.docker.com/reference/cli/docker/container/commit/">docker commit</a>).
 * A running container is paused while its files are read, unless {@code --pause=false}.
 */
@Command(name = "commit", description = "Create a new image from a container's changes")
final class CommitCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = {"-a", "--author"}, description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
    String author;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Commit message")
    String message;

    @Option(names = {"-p", "--pause"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Pause container during commit (default true)")
    boolean pause;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            Container c = Containers.find(berth, container);
            CommitOptions options = CommitOptions.create().reference(reference).author(author).comment(message).pause(pause);
            changes.forEach(options::change);
            boolean paused = pause && c.isRunning() && !c.state().paused();
            if (paused) {
                c.pause(); // its files do not change while they are read
            }
            Image image;
            try {
                image = c.commit(options);
            } finally {
                if (paused) {
                    c.unpause();
                }
            }
            System.out.println(image.id());
            return 0;
        }
    }
}
