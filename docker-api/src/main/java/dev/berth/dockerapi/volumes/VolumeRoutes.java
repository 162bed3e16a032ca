package dev.berth.dockerapi.volumes;

import dev.berth.Berth;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;

/** The volumes endpoints of the Docker Engine API. */
public final class VolumeRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        // endpoints are added here
    }
}
