package dev.berth.runtime;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * Parses IP address literals without ever asking DNS: {@link InetAddress#getByName} falls back
 * to a lookup for text that is not a literal, which a container's config must never trigger.
 * Guava's {@link InetAddresses} parses text only; like glibc's resolver and Go's
 * {@code net.ParseIP}, it refuses IPv4 octets with leading zeros, which some read as octal.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The address {@code text} denotes (an IPv6 zone such as {@code %eth0} ignored), or null. */
    static InetAddress parse(String text) {
        int zone = text.indexOf('%');
        // Guava looks a named zone up among this host's interfaces; the container's may differ.
        String bare = zone >= 0 && text.contains(":") ? text.substring(0, zone) : text;
        return InetAddresses.isInetAddress(bare) ? InetAddresses.forString(bare) : null;
    }
}
