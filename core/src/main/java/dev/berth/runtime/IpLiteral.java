package dev.berth.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals without ever asking DNS: {@link InetAddress#getByName} falls back
 * to a lookup for text that is not a literal, which a container's config must never trigger.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The address {@code text} denotes (an IPv6 zone such as {@code %eth0} ignored), or null. */
    static InetAddress parse(String text) {
        if (text.contains(":")) {
            int zone = text.indexOf('%');
            String bare = zone < 0 ? text : text.substring(0, zone);
            if (bare.isEmpty() || !bare.matches("[0-9A-Fa-f:.]+")) {
                return null;
            }
            try {
                return InetAddress.getByName(bare); // a ':' makes the JDK parse it, never resolve it
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                return null;
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always a valid length
        }
    }
}
