package dev.berth.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's IPv4 routing table as {@code /proc/net/route} shows it
 * (<a href="https://man7.org/linux/man-pages/man5/proc_net.5.html">proc_net(5)</a>): used to
 * take the MTU from the interface of the default route, as Docker does for its bridge, and to
 * refuse a bridge subnet that some interface already routes.
 *
 * @param routes each route's interface, destination and prefix length
 */
record HostRoutes(List<Route> routes) {
    /** One route. */
    record Route(String iface, long destination, int prefixLength) {
    }

    static HostRoutes read() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/net/route")));
    }

    static HostRoutes parse(List<String> lines) {
        List<Route> routes = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            long dest = Long.reverseBytes(Long.parseLong(f[1], 16) << 32) & 0xffffffffL;
            long mask = Long.reverseBytes(Long.parseLong(f[7], 16) << 32) & 0xffffffffL;
            routes.add(new Route(f[0], dest, Long.bitCount(mask)));
        }
        return new HostRoutes(routes);
    }

    /** The interface of a route other than via {@code exceptIface} that overlaps {@code subnet}, or null. */
    String overlapping(Subnet subnet, String exceptIface) {
        for (Route r : routes) {
            if (r.prefixLength() > 0 && !r.iface().equals(exceptIface)) {
                int p = Math.min(r.prefixLength(), subnet.prefixLength());
                long mask = (0xffffffffL << (32 - p)) & 0xffffffffL;
                if ((r.destination() & mask) == (subnet.base() & mask)) {
                    return r.iface();
                }
            }
        }
        return null;
    }

    /** The MTU of the default route's interface; 1500 without one. */
    int defaultMtu() throws IOException {
        for (Route r : routes) {
            if (r.prefixLength() == 0) {
                try {
                    return Integer.parseInt(Files.readString(Path.of("/sys/class/net", r.iface(), "mtu")).trim());
                } catch (NoSuchFileException | NumberFormatException e) {
                    break;
                }
            }
        }
        return 1500;
    }
}
