package dev.berth.runtime;

import java.util.Objects;

/**
 * An extra line for a container's {@code /etc/hosts}: a host name and the IP address it stands
 * for, as {@code docker run --add-host name:ip} adds
 * (<a href="https://docs.docker.com/reference/cli/docker/container/run/#add-host">--add-host</a>).
 */
public record ExtraHost(String name, String address) {
    public ExtraHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("extra host name \"" + name + "\" is empty or has blanks");
        }
        if (IpLiteral.parse(address) == null) {
            throw new IllegalArgumentException("extra host " + name + ": \"" + address + "\" is not an IP address");
        }
    }

    /**
     * Parses {@code name:ip} or {@code name=ip}, as the Docker CLI accepts them; the first
     * separator splits, so IPv6 addresses keep their colons.
     */
    public static ExtraHost parse(String value) {
        int eq = value.indexOf('=');
        int sep = eq >= 0 ? eq : value.indexOf(':');
        if (sep < 0) {
            throw new IllegalArgumentException("extra host \"" + value + "\" is malformed: expected name:ip or name=ip");
        }
        String address = value.substring(sep + 1);
        // Docker accepts "[::1]" for readability.
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        return new ExtraHost(value.substring(0, sep), address);
    }
}
