package dev.berth.dockerapi.events;

import dev.berth.Berth;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;

/** The events endpoints of the Docker Engine API. */
public final class EventRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        // endpoints are added here
    }
}
