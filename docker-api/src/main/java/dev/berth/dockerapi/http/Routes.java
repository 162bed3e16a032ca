package dev.berth.dockerapi.http;

import dev.berth.Berth;

/** The endpoints of one area of the API (containers, images, ...), registered on the router. */
public interface Routes {
    void register(Router router, Berth berth);
}
