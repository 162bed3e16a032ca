package dev.berth.image.remote;

import dev.berth.registry.RegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link RegistryClient} to use for a registry host ({@code docker.io}, {@code 127.0.0.1:5000}), as
 * references name it. Clients are kept per host so the bearer tokens of the
 * <a href="https://distribution.github.io/distribution/spec/auth/token/">token flow</a> are reused.
 */
@FunctionalInterface
public interface RegistryClients {
    /** The client for {@code registry}. */
    RegistryClient client(String registry);

    /**
     * One default client per host: HTTPS, plain HTTP for loopback, {@code docker.io} served from its API
     * host, credentials from {@code ~/.docker/config.json} (see {@link RegistryClient#builder(String)}).
     */
    static RegistryClients defaults() {
        return caching(host -> RegistryClient.builder(host).build());
    }

    /** The clients {@code factory} makes, one per host, made on first use. */
    static RegistryClients caching(Function<String, RegistryClient> factory) {
        Map<String, RegistryClient> clients = new ConcurrentHashMap<>();
        return host -> clients.computeIfAbsent(host, factory);
    }
}
