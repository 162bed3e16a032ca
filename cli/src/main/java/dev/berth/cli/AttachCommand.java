package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth attach}: prints a running container's output from now on, gives it this
 * process's stdin when it was created with {@code -i}, and exits with its code when it ends
 * (<a href="https://docs.docker.com/reference/cli/docker/container/attach/">docker attach</a>).
 * Only the process that started a container holds its stdin: attaching to another's is refused
 * unless {@code --no-stdin}.
 */
@Command(name = "attach", description = "Attach local standard input, output, and error streams to a running container")
final class AttachCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = "--no-stdin", description = "Do not attach STDIN")
    boolean noStdin;

    @Option(names = "--sig-proxy", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Proxy all received signals to the process (default true)")
    boolean sigProxy;

    @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        if (detachKeys != null) {
            throw new UnsupportedOperationException("attach --detach-keys: berth has no detach key sequence;"
                    + " stop attaching with --sig-proxy=false and Ctrl-C");
        }
        try (Berth berth = top.open()) {
            Container c = Containers.find(berth, container);
            if (!c.isRunning()) {
                throw new IllegalStateException("You cannot attach to a stopped container, start it first");
            }
            if (c.state().paused()) {
                throw new IllegalStateException("You cannot attach to a paused container, unpause it first");
            }
            // a run -dit's stdin is the terminal its helper holds, which takes no input from here
            boolean stdin = c.openStdin() && !(c.tty() && c.isDetached()) && !noStdin;
            return AttachSession.follow(c, c.attach(false), stdin, sigProxy);
        }
    }
}
