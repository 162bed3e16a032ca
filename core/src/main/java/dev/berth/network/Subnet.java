package dev.berth.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 subnet in CIDR notation ({@code 10.89.0.0/24},
 * <a href="https://www.rfc-editor.org/rfc/rfc4632">RFC 4632</a>) for a bridge network: the
 * first host address is the bridge's (the containers' gateway), the rest go to containers,
 * the broadcast address to nobody. Only /8 to /29 is accepted: a longer prefix leaves no
 * address for a container, a shorter one is no subnet. Loopback, link-local, multicast and
 * reserved ranges are refused, since routing them through a bridge cannot work.
 *
 * @param base the network address as an unsigned 32-bit value
 * @param prefixLength 8 to 29
 */
public record Subnet(long base, int prefixLength) {
    public Subnet {
        if (prefixLength < 8 || prefixLength > 29) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 8..29");
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(0, slash).matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || !cidr.substring(slash + 1).matches("\\d{1,2}")) {
            throw new IllegalArgumentException("invalid subnet \"" + cidr + "\": expected IPv4 CIDR such as 10.89.0.0/24");
        }
        long value = 0;
        for (String part : cidr.substring(0, slash).split("\\.")) {
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("invalid subnet \"" + cidr + "\": " + octet + " is not an octet");
            }
            value = value << 8 | octet;
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 8 || prefix > 29) {
            throw new IllegalArgumentException("invalid subnet \"" + cidr + "\": the prefix length must be 8 to 29");
        }
        Subnet s = new Subnet(value & mask(prefix), prefix);
        if (s.base != value) {
            throw new IllegalArgumentException("invalid subnet \"" + cidr + "\": host bits are set (did you mean "
                    + s + "?)");
        }
        long first = value >>> 24;
        if (first == 0 || first == 127 || first >= 224 || (value & 0xffff0000L) == 0xa9fe0000L) {
            throw new IllegalArgumentException("invalid subnet \"" + cidr
                    + "\": loopback, link-local, multicast and reserved ranges cannot be bridged");
        }
        return s;
    }

    private static long mask(int prefix) {
        return (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    /** The number of addresses, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The gateway: the first host address, given to the bridge. */
    public Inet4Address gateway() {
        return address(1);
    }

    /** The address {@code offset} after the network address. */
    public Inet4Address address(long offset) {
        if (offset <= 0 || offset >= size() - 1) {
            throw new IllegalArgumentException("offset " + offset + " is outside the hosts of " + this);
        }
        return toAddress(base + offset);
    }

    /** The offset of {@code address} in this subnet, or -1 if it is outside. */
    public long offsetOf(Inet4Address address) {
        long v = value(address);
        return (v & mask(prefixLength)) == base ? v - base : -1;
    }

    /** Whether the two share any address. */
    public boolean overlaps(Subnet other) {
        int p = Math.min(prefixLength, other.prefixLength);
        return (base & mask(p)) == (other.base & mask(p));
    }

    static long value(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL);
    }

    static Inet4Address toAddress(long v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    @Override
    public String toString() {
        return toAddress(base).getHostAddress() + "/" + prefixLength;
    }
}
