package dev.berth.cli;

import dev.berth.Berth;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth wait}: blocks until each container stops, then prints its exit code
 * (<a href="https://docs.docker.com/reference/cli/docker/container/wait/">docker wait</a>).
 */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
final class WaitCommand extends Verb implements DockerStatus.ExitsOne {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        int code = 0;
        try (Berth berth = top.open()) {
            for (String name : containers) {
                try {
                    System.out.println(Containers.find(berth, name).waitFor());
                } catch (RuntimeException e) {
                    System.err.println("berth: " + ErrorLine.message(e));
                    code = 1;
                }
            }
        }
        return code;
    }
}
