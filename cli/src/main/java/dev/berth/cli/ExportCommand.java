package dev.berth.cli;

import dev.berth.Berth;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth export}: a container's root file system as a tar archive, on stdout or to
 * {@code -o FILE} (<a href="https://docs.docker.com/reference/cli/docker/container/export/">docker export</a>).
 * The container must be stopped: a running one's root is only reached through its mounts.
 */
@Command(name = "export", description = "Export a container's filesystem as a tar archive")
final class ExportCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to a file, instead of STDOUT")
    Path output;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        if (output == null && System.console() != null) {
            throw new IllegalStateException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (Berth berth = top.open()) {
            var c = Containers.find(berth, container);
            if (c.isRunning()) {
                // Read through its mount namespace, it has /proc, /sys and its volumes in it, which docker export leaves out.
                throw new UnsupportedOperationException("export of a running container: berth exports a stopped"
                        + " container's root file system; stop " + container + " first");
            }
            if (output == null) {
                c.copyArchiveFrom("/", System.out);
                System.out.flush();
            } else {
                try (OutputStream out = Files.newOutputStream(output)) {
                    c.copyArchiveFrom("/", out);
                }
            }
            return 0;
        }
    }
}
