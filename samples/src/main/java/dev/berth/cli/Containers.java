package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ContainerSummary;
import java.io.IOException;

/** Finding a container by name or id for a verb, and reaching the process that runs it. */
final class Containers {
    private Containers() {
    }

    static ContainerSummary find(Berth berth, String nameOrId) throws IOException {
        return berth.findContainer(nameOrId);
    }

    static ControlClient control(Berth berth, String nameOrId) throws IOException {
        return ControlClient.of(berth.home(), find(berth, nameOrId));
    }
}
