package dev.berth.cli;

import dev.berth.Berth;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth kill}: SIGKILL (<a href="https://docs.docker.com/reference/cli/docker/container/kill/">docker kill</a>). */
@Command(name = "kill", description = "Kill one or more running containers")
final class KillCommand extends Verb {
    @Option(names = {"-s", "--signal"}, description = "Signal to send (KILL)")
    String signal = "KILL";

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        if (!signal.replaceFirst("^SIG", "").equals("KILL") && !signal.equals("9")) {
            throw new NotAvailable("kill -s " + signal + ": only KILL is sent (use berth stop for the stop signal)");
        }
        try (Berth berth = top.open()) {
            for (String name : containers) {
                dev.berth.Container c = Containers.find(berth, name);
                if (!c.isRunning()) {
                    throw new IllegalStateException("container " + c.name() + " is not running");
                }
                c.kill();
                System.out.println(name);
            }
            return 0;
        }
    }
}
