package dev.berth.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a registry's API lives: a host with optional port, and whether it is spoken to over
 * plain HTTP. HTTPS is the default; loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code ::1}) and registries the caller marks insecure use HTTP, as Docker does for loopback.
 * The API root is {@code /v2/}, per the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#api">API</a> section.
 */
public record RegistryEndpoint(String host, boolean plainHttp) {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
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
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || IPV4_LOOPBACK.matcher(h).matches();
    }

    /** The host without port and without IPv6 brackets. */
    static String hostOnly(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close < 0 ? hostAndPort : hostAndPort.substring(1, close);
        }
        int colon = hostAndPort.indexOf(':');
        // More than one colon and no brackets: a bare IPv6 address.
        if (colon >= 0 && hostAndPort.indexOf(':', colon + 1) < 0) {
            return hostAndPort.substring(0, colon);
        }
        return hostAndPort;
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
