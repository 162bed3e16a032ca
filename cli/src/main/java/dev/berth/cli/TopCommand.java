package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ContainerProcesses;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth top}: the processes of a running container, as {@code ps -ef} (or {@code ps}
 * with the options given) shows them
 * (<a href="https://docs.docker.com/reference/cli/docker/container/top/">docker top</a>).
 */
@Command(name = "top", description = "Display the running processes of a container")
final class TopCommand extends Verb implements DockerStatus.ExitsOne {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", paramLabel = "PS_OPTIONS", description = "Options for ps (default -ef)")
    List<String> psOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            var c = Containers.find(berth, container);
            if (!c.isRunning()) {
                throw new IllegalStateException("container " + c.id() + " is not running");
            }
            print(psOptions.isEmpty() ? c.top() : c.top(String.join(" ", psOptions)));
            return 0;
        }
    }

    /** Docker's top table: every column at least 20 wide, three spaces apart (its tabwriter settings). */
    private static void print(ContainerProcesses p) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(p.titles());
        rows.addAll(p.processes());
        int[] widths = new int[p.titles().size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + Math.max(20, widths[i] + 3) + "s", r.get(i)));
            }
            System.out.println(line);
        }
    }
}
