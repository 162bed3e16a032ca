package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerAttach;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth start}: starts created or exited containers and prints their names; with
 * {@code -a} it attaches to the one container's output and exits with its code, with {@code -i}
 * its stdin too (<a href="https://docs.docker.com/reference/cli/docker/container/start/">docker start</a>).
 */
@Command(name = "start", description = "Start one or more stopped containers")
final class StartCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Option(names = "--sig-proxy", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Proxy received signals to the process (with -a; default true)")
    boolean sigProxy;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            if (!attach && !interactive) {
                return DockerStatus.eachOf(containers, name -> Containers.find(berth, name).start());
            }
            if (containers.size() > 1) {
                throw new IllegalArgumentException("you cannot start and attach multiple containers at once");
            }
            Container c = Containers.find(berth, containers.get(0));
            ContainerAttach session = c.attach(false);
            c.start();
            return AttachSession.follow(c, session, interactive, sigProxy);
        }
    }
}
