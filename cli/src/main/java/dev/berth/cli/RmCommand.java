package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rm} (<a href="https://docs.docker.com/reference/cli/docker/container/rm/">docker rm</a>). */
@Command(name = "rm", description = "Remove one or more containers")
final class RmCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Kill a running container first")
    boolean force;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            for (String name : containers) {
                Container c = Containers.find(berth, name);
                if (force && c.isRunning()) {
                    c.kill();
                } else if (c.isRunning()) {
                    // A container that has just exited is seen by this new handle a moment later.
                    c.waitFor(Duration.ofSeconds(1));
                }
                List<String> anonymous = volumes ? anonymousVolumes(berth, c) : List.of();
                c.remove();
                for (String volume : anonymous) {
                    try {
                        berth.volumes().remove(volume, false);
                    } catch (IllegalStateException inUse) {
                        // another container mounts it too: it stays, as with dockerd
                    }
                }
                System.out.println(name);
            }
            return 0;
        }
    }

    /**
     * {@code rm -v}: the anonymous volumes it mounts (made for an image's VOLUME through the
     * Docker API); named ones stay, and the CLI's own anonymous volumes are the container's
     * directories, which go with it anyway.
     */
    private static List<String> anonymousVolumes(Berth berth, Container c) throws java.io.IOException {
        List<String> anonymous = new java.util.ArrayList<>();
        for (var m : c.details().mounts()) {
            // anonymous: made without a name, or named by the Docker API as docker names one (64 hex digits)
            if (m.volume() != null && (m.volume().matches("[0-9a-f]{64}")
                    || berth.volumes().find(m.volume()).map(dev.berth.Volume::anonymous).orElse(false))) {
                anonymous.add(m.volume());
            }
        }
        return anonymous;
    }
}
