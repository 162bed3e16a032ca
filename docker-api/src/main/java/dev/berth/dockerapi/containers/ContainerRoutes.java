package dev.berth.dockerapi.containers;

import dev.berth.Berth;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;

/** The containers endpoints of the Docker Engine API. */
public final class ContainerRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        // endpoints are added here
    }
}
