package dev.berth.network;

import dev.berth.NetworkMode;

/** Network mode none: the container's own network namespace with loopback only. */
final class NoneDriver implements NetworkDriver {
    private final Networks networks;

    NoneDriver(Networks networks) {
        this.networks = networks;
    }

    @Override
    public Attachment attach(Request request) {
        return new Attachment(networks, NetworkMode.NONE, null, null, null);
    }
}
