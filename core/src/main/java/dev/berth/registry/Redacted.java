package dev.berth.registry;

import java.net.URI;

/** What may be logged of a URI: no query (signed storage URLs carry credentials there) and no user info. */
final class Redacted {
    private Redacted() {
    }

    static String uri(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?…");
    }
}
