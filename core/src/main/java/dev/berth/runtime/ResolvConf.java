package dev.berth.runtime;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A resolv.conf read the way Docker's libnetwork reads it
 * (<a href="https://man7.org/linux/man-pages/man5/resolv.conf.5.html">resolv.conf(5)</a>):
 * comments ({@code #}, {@code ;}) dropped, invalid nameserver addresses dropped, the last
 * {@code search} or {@code domain} line wins, {@code options} accumulate, other lines are kept.
 * Written back as nameservers, search, options, then the other lines.
 */
final class ResolvConf {
    private final List<String> nameservers;
    private final List<String> search;
    private final List<String> options;
    private final List<String> other;

    private ResolvConf(List<String> nameservers, List<String> search, List<String> options, List<String> other) {
        this.nameservers = nameservers;
        this.search = search;
        this.options = options;
        this.other = other;
    }

    static ResolvConf parse(String content) {
        List<String> nameservers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String line : content.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f[0].isEmpty() || f[0].startsWith("#") || f[0].startsWith(";")) {
                continue;
            }
            List<String> args = List.of(f).subList(1, f.length);
            switch (f[0]) {
                case "nameserver" -> {
                    if (!args.isEmpty() && IpLiteral.parse(args.get(0)) != null) {
                        nameservers.add(args.get(0));
                    }
                }
                case "search", "domain" -> {
                    if (!args.isEmpty()) {
                        search = new ArrayList<>(args);
                    }
                }
                case "options" -> options.addAll(args);
                default -> other.add(line);
            }
        }
        return new ResolvConf(nameservers, search, options, other);
    }

    List<String> nameservers() {
        return nameservers;
    }

    /** Without loopback nameservers and those {@code alsoDrop} selects. */
    ResolvConf withoutNameservers(Predicate<InetAddress> alsoDrop) {
        List<String> kept = new ArrayList<>();
        for (String ns : nameservers) {
            InetAddress a = IpLiteral.parse(ns);
            if (!a.isLoopbackAddress() && !alsoDrop.test(a)) {
                kept.add(ns);
            }
        }
        return new ResolvConf(kept, search, options, other);
    }

    /** With {@code fallback} as nameservers when none is left. */
    ResolvConf orFallback(List<String> fallback) {
        return nameservers.isEmpty() ? new ResolvConf(fallback, search, options, other) : this;
    }

    /**
     * With {@code nameservers} and {@code options} in place of these when not empty, and
     * {@code search} in place of these when {@code replaceSearch}.
     */
    ResolvConf overridden(List<String> nameservers, List<String> search, boolean replaceSearch, List<String> options) {
        return new ResolvConf(nameservers.isEmpty() ? this.nameservers : nameservers, replaceSearch ? search : this.search,
                options.isEmpty() ? this.options : options, other);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        nameservers.forEach(ns -> out.append("nameserver ").append(ns).append('\n'));
        if (!search.isEmpty()) {
            out.append("search ").append(String.join(" ", search)).append('\n');
        }
        if (!options.isEmpty()) {
            out.append("options ").append(String.join(" ", options)).append('\n');
        }
        other.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }
}
