package dev.berth.network;

import dev.berth.namespaces.userns.RootlessNetwork;
import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.HostResolvConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Network mode slirp4netns (podman's rootless network,
 * <a href="https://github.com/rootless-containers/slirp4netns">slirp4netns</a>): a container's own
 * user-mode network stack, its ports published by slirp4netns's API.
 */
final class SlirpDriver implements NetworkDriver {
    private final Networks networks;
    private final Path containers;
    private final HostResolvConf resolvConf;

    SlirpDriver(Networks networks, Path containers, HostResolvConf resolvConf) {
        this.networks = networks;
        this.containers = containers;
        this.resolvConf = resolvConf;
    }

    /**
     * Checks that slirp4netns can run, reserves the host ports (port 0: a free one) and writes
     * the resolv.conf; slirp4netns itself starts at the launch's network gate
     * ({@link Attachment#configure}).
     *
     * @throws UnsupportedOperationException naming why slirp4netns cannot run here
     */
    @Override
    public Attachment attach(Request request) throws IOException {
        Optional<String> refusal = RootlessNetwork.unavailable();
        if (refusal.isPresent()) {
            throw new UnsupportedOperationException((request.ports().isEmpty() ? "network mode slirp4netns"
                    : "publishing ports " + request.ports()) + " is not possible: " + refusal.get());
        }
        Path program = RootlessNetwork.slirp4netns().orElseThrow();
        Files.writeString(request.etc().resolve("resolv.conf"), EtcFiles.resolvConf(resolvConf.read(), false));
        HostPorts reserved = HostPorts.reserve(request.ports(), java.util.Map.of()); // its own ports: slirp4netns binds them
        return Attachment.slirp(networks, new SlirpNetwork(networks.host().syscalls(), program,
                request.directory(), networks.slirpSocket(request.containerId()), reserved));
    }
}
