package dev.berth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code berth serve} listens: the socket in Docker's {@code unix:///PATH} form
 * (<a href="https://docs.docker.com/reference/cli/dockerd/#daemon-socket-option">dockerd -H</a>),
 * or Docker's defaults: {@code /run/berth/docker.sock} for root and, as rootless Docker does,
 * {@code $XDG_RUNTIME_DIR/berth/docker.sock} for a user.
 */
final class ServeAddress {
    static final String SCHEME = "unix://";

    private ServeAddress() {
    }

    /**
     * The socket {@code address} names, or this process's default when it is null.
     *
     * @throws IllegalArgumentException for another scheme or a relative path, or for a user
     *     without {@code XDG_RUNTIME_DIR} and no address
     */
    static Path socket(String address, Map<String, String> env) throws IOException {
        return address == null ? defaultPath(uid(), env) : parse(address);
    }

    static Path parse(String address) {
        if (!address.startsWith(SCHEME)) {
            throw new IllegalArgumentException("--socket " + address + ": only a unix socket is served, written unix:///PATH"
                    + " (the API is root on the host: there is no TCP listener)");
        }
        String p = address.substring(SCHEME.length());
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("--socket " + address + ": the path must be absolute, as in unix:///run/berth/docker.sock");
        }
        return Path.of(p).normalize();
    }

    static Path defaultPath(int uid, Map<String, String> env) {
        if (uid == 0) {
            return Path.of("/run/berth/docker.sock");
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime == null || runtime.isBlank()) {
            throw new IllegalArgumentException("XDG_RUNTIME_DIR is not set, so a user has no default socket:"
                    + " log in through a session that sets it, or name one with --socket unix:///PATH");
        }
        return Path.of(runtime, "berth", "docker.sock");
    }

    private static int uid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
    }
}
