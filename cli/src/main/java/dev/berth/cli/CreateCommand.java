package dev.berth.cli;

import dev.berth.AttachStreams;
import dev.berth.Berth;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth create}: makes a container without starting it and prints its id
 * (<a href="https://docs.docker.com/reference/cli/docker/container/create/">docker create</a>);
 * {@code berth start} runs it. It is detached: its run outlives the command that starts it. An
 * image the store lacks is pulled first, as {@code run} pulls it ({@link MissingImage}).
 */
@Command(name = "create", description = "Create a new container")
final class CreateCommand extends Verb implements DockerStatus.ExitsOne {
    @Mixin
    RunOptions options;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open (for start -a -i)")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            options.prepareImage(berth, image);
            // As docker create: a later start -a attaches stdout and stderr, with -i stdin too,
            // which then closes when that attach ends (StdinOnce).
            var b = options.builder(berth, image, command).detached(true).tty(tty).stdin(interactive)
                    .stdinOnce(interactive).attachStreams(new AttachStreams(interactive, true, true));
            System.out.println(b.create().id());
            return 0;
        }
    }
}
