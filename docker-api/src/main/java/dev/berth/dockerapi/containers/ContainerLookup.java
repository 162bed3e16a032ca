package dev.berth.dockerapi.containers;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.dockerapi.http.ApiException;
import java.io.IOException;

/** Finds the container a path names: its name (with or without the leading {@code /}), its id, or a unique id prefix. */
public final class ContainerLookup {
    private ContainerLookup() {
    }

    /**
     * The container {@code idOrName} names.
     *
     * @throws ApiException 404 "No such container" as dockerd, 400 for a prefix several ids share
     */
    public static Container find(Berth berth, String idOrName) throws IOException {
        String key = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        if (key.isEmpty()) {
            throw ApiException.notFound("No such container: " + idOrName);
        }
        try {
            return berth.findContainer(key).orElseThrow(() -> ApiException.notFound("No such container: " + idOrName));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
