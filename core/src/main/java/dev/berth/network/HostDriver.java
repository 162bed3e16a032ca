package dev.berth.network;

import dev.berth.NetworkMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Network mode host: the container shares the host's network namespace, and its hosts and resolv.conf. */
final class HostDriver implements NetworkDriver {
    private final Networks networks;

    HostDriver(Networks networks) {
        this.networks = networks;
    }

    @Override
    public Attachment attach(Request request) throws IOException {
        // The host's own files: the container shares its network, so even loopback resolvers answer.
        for (String f : List.of("hosts", "resolv.conf")) {
            Path host = Path.of("/etc", f);
            Files.writeString(request.etc().resolve(f), Files.exists(host) ? Files.readString(host) : "");
        }
        return new Attachment(networks, NetworkMode.HOST, null, null, null);
    }
}
