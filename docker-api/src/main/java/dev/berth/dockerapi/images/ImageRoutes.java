package dev.berth.dockerapi.images;

import dev.berth.Berth;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;

/** The images endpoints of the Docker Engine API. */
public final class ImageRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        // endpoints are added here
    }
}
