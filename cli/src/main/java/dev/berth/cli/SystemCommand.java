package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Pruned;
import dev.berth.Container;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code berth system}: store-wide verbs (<a href="https://docs.docker.com/reference/cli/docker/system/">docker system</a>). */
@Command(name = "system", description = "Manage Berth's store", subcommands = {SystemCommand.Prune.class, SystemCommand.Check.class, SystemDfCommand.class, InfoCommand.class, EventsCommand.class})
final class SystemCommand {
    @ParentCommand
    BerthCommand top;

    /**
     * {@code system prune}: exited containers, then blobs nothing references. Asks first, as
     * {@code docker system prune} does: only {@code y} or {@code Y} goes on; any other answer, or
     * no stdin, cancels with exit 0. {@code -f} does not ask.
     */
    @Command(name = "prune", description = "Remove exited containers and unreferenced image data")
    static final class Prune implements Callable<Integer> {
        /** Docker's warning, with what Berth's prune removes. */
        static final String WARNING = """
                WARNING! This will remove:
                  - all stopped containers
                  - all image data (blobs and layers) that no image uses

                Are you sure you want to continue? [y/N]\s""";

        @ParentCommand
        SystemCommand system;

        @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (!force && !confirmed()) {
                return 0;
            }
            try (Berth berth = system.top.open()) {
                System.out.println("Deleted Containers:");
                for (Container c : berth.listContainers()) {
                    if (!c.isRunning()) {
                        c.remove();
                        System.out.println(c.id());
                    }
                }
                Pruned pruned = berth.collectGarbage();
                System.out.println();
                System.out.println("Deleted blobs: " + pruned.blobs().size());
                System.out.println("Deleted layers: " + pruned.layers().size());
                System.out.println("Total reclaimed space: " + Human.size(pruned.bytesFreed()));
                return 0;
            }
        }

        private static boolean confirmed() throws java.io.IOException {
            System.out.print(WARNING);
            System.out.flush();
            String answer = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().equalsIgnoreCase("y");
        }
    }

    /**
     * {@code system check}: verifies every blob's digest and every reference of the store
     * ({@link Berth#check()}); exit 0 when consistent, 1 when a problem was found.
     */
    @Command(name = "check", description = "Verify every blob's digest and every reference in the store")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        SystemCommand system;

        @Override
        public Integer call() throws Exception {
            try (Berth berth = system.top.open()) {
                dev.berth.StoreCheck check = berth.check();
                System.out.print(check.report());
                return check.consistent() ? 0 : 1;
            }
        }
    }
}
