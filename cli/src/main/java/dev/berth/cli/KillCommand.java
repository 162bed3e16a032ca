package dev.berth.cli;

import dev.berth.Berth;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth kill}: SIGKILL or the signal given (<a href="https://docs.docker.com/reference/cli/docker/container/kill/">docker kill</a>). */
@Command(name = "kill", description = "Kill one or more running containers")
final class KillCommand extends Verb {
    @Option(names = {"-s", "--signal"}, description = "Signal to send (default KILL), a name or a number")
    String signal = "KILL";

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        boolean sigkill = signal.replaceFirst("^SIG", "").equalsIgnoreCase("KILL") || signal.equals("9");
        try (Berth berth = top.open()) {
            for (String name : containers) {
                dev.berth.Container c = Containers.find(berth, name);
                if (!c.isRunning()) {
                    throw new IllegalStateException("container " + c.name() + " is not running");
                }
                if (sigkill) {
                    c.kill();
                } else {
                    c.signal(signal);
                }
                System.out.println(name);
            }
            return 0;
        }
    }
}
