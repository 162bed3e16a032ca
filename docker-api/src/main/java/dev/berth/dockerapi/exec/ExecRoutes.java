package dev.berth.dockerapi.exec;

import dev.berth.Berth;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;

/** The exec endpoints of the Docker Engine API. */
public final class ExecRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        // endpoints are added here
    }
}
