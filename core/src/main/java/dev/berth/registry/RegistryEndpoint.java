package dev.berth.registry;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a registry's API lives: a host with optional port, and whether it is spoken to over
 * plain HTTP. HTTPS is the default; loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code ::1}) and registries the caller marks insecure use HTTP, as Docker does for loopback.
 * The API root is {@code /v2/}, per the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#api">API</a> section.
 */
public record RegistryEndpoint(String host, boolean plainHttp) {
    /** References say docker.io; its API is served from registry-1.docker.io. */
    private static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";

    /** Checks the host. */
    public RegistryEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.contains("/") || host.contains("@") || host.contains("?")) {
            throw new IllegalArgumentException("not a registry host[:port]: '" + host + "'");
        }
    }

    /** HTTPS, or HTTP for a loopback host. */
    public static RegistryEndpoint of(String host) {
        return new RegistryEndpoint(host, isLoopback(host));
    }

    /** Plain HTTP whatever the host: a registry the caller marked insecure. */
    public static RegistryEndpoint insecure(String host) {
        return new RegistryEndpoint(host, true);
    }

    /** The API base, for example {@code http://127.0.0.1:5000/v2/}. */
    public URI apiBase() {
        String apiHost = host.equals(DOCKER_HUB) || host.equals("index.docker.io") ? DOCKER_HUB_API : host;
        return URI.create((plainHttp ? "http://" : "https://") + apiHost + "/v2/");
    }

    /** True when {@code uri} is served by this registry (same scheme, host and port as the API base). */
    public boolean sameOrigin(URI uri) {
        URI base = apiBase();
        return base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                && base.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                && port(base) == port(uri);
    }

    /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}, with or without a port. */
    public static boolean isLoopback(String hostAndPort) {
        String h = hostOnly(hostAndPort).toLowerCase(Locale.ROOT);
        // No zone ids: Guava would look the interface up on this host.
        return h.equals("localhost")
                || !h.contains("%") && InetAddresses.isInetAddress(h) && InetAddresses.forString(h).isLoopbackAddress();
    }

    /** The host without port and without IPv6 brackets. */
    static String hostOnly(String hostAndPort) {
        try {
            return HostAndPort.fromString(hostAndPort).getHost();
        } catch (IllegalArgumentException e) {
            return hostAndPort; // not host[:port]: compared whole, it is no loopback host
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return host;
    }
}
