package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import java.io.IOException;

/** Finding a container by name, id or id prefix for a verb, whichever process started it. */
final class Containers {
    private Containers() {
    }

    static Container find(Berth berth, String nameOrId) throws IOException {
        return berth.findContainer(nameOrId).orElseThrow(() -> new IllegalArgumentException("no such container: " + nameOrId));
    }
}
