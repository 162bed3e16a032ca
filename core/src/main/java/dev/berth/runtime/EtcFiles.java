package dev.berth.runtime;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files Docker generates for a container's {@code /etc}: {@code hostname}, {@code hosts}
 * (<a href="https://github.com/moby/moby/tree/master/libnetwork/etchosts">libnetwork/etchosts</a>)
 * and {@code resolv.conf}
 * (<a href="https://docs.docker.com/engine/network/#dns-services">Docker DNS services</a>). Pure
 * functions of their inputs that return the file contents; the caller writes and mounts them.
 */
public final class EtcFiles {
    /** The kernel's HOST_NAME_MAX. */
    private static final int HOST_NAME_MAX = 64;
    /** The address of a container's own name when it has no network address (Debian's convention). */
    private static final String NO_ADDRESS = "127.0.1.1";
    private static final List<String> DEFAULT_HOSTS = List.of(
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
            "fe00::0\tip6-localnet",
            "ff00::0\tip6-mcastprefix",
            "ff02::1\tip6-allnodes",
            "ff02::2\tip6-allrouters");
    /** Docker's fallback nameservers (Google Public DNS). */
    private static final List<String> FALLBACK_IPV4 = List.of("8.8.8.8", "8.8.4.4");
    private static final List<String> FALLBACK_IPV6 = List.of("2001:4860:4860::8888", "2001:4860:4860::8844");
    /** The one nameserver of a host whose resolv.conf points at systemd-resolved's stub. */
    private static final String SYSTEMD_STUB = "127.0.0.53";

    private EtcFiles() {
    }

    /** {@code /etc/hostname}: the name and a newline. */
    public static String hostname(String hostname) {
        return checkHostname(hostname) + "\n";
    }

    /**
     * {@code /etc/hosts}: the loopback and IPv6 defaults, the caller's extra hosts, then the
     * container's own name on {@code address}, or on 127.0.1.1 when it has none (null). A name
     * with a domain ({@code box.example.com}) is listed with its short form too.
     */
    public static String hosts(String hostname, InetAddress address, List<ExtraHost> extraHosts) {
        checkHostname(hostname);
        StringBuilder out = new StringBuilder();
        DEFAULT_HOSTS.forEach(line -> out.append(line).append('\n'));
        for (ExtraHost h : extraHosts) {
            out.append(h.address()).append('\t').append(h.name()).append('\n');
        }
        int dot = hostname.indexOf('.');
        String names = dot > 0 ? hostname + " " + hostname.substring(0, dot) : hostname;
        String ip = address == null ? NO_ADDRESS : address.getHostAddress();
        return out.append(ip).append('\t').append(names).append('\n').toString();
    }

    /**
     * {@code /etc/resolv.conf} for a container with a network of its own, as Docker's legacy
     * (no embedded DNS) transform makes it: the host's nameservers without loopback ones
     * (127.0.0.0/8, ::1), which only answer in the host's namespace, and without IPv6 ones unless
     * {@code ipv6}; Google Public DNS when none is left; the host's search and options.
     */
    public static String resolvConf(String hostResolvConf, boolean ipv6) {
        return ResolvConf.parse(hostResolvConf).withoutNameservers(a -> !ipv6 && a instanceof Inet6Address)
                .orFallback(ipv6 ? concat(FALLBACK_IPV4, FALLBACK_IPV6) : FALLBACK_IPV4).text();
    }

    /**
     * {@code /etc/resolv.conf} for a container without a network ({@code --network none}): the
     * host's search and options and its non-loopback nameservers, and no fallback nameservers,
     * since nothing can be reached. (Docker 25+ copies even loopback nameservers there; they can
     * only fail inside the container's own loopback, so they are left out.)
     */
    public static String resolvConfWithoutNetwork(String hostResolvConf) {
        return ResolvConf.parse(hostResolvConf).withoutNameservers(a -> false).text();
    }

    /**
     * The host's resolv.conf as Docker picks it: {@code etcResolvConf}, unless its only
     * nameserver is systemd-resolved's stub 127.0.0.53, in which case {@code systemdResolvConf}
     * (usually {@code /run/systemd/resolve/resolv.conf}) lists the real upstream servers. A
     * missing file reads as empty, which gives the fallback nameservers.
     */
    public static String readHostResolvConf(Path etcResolvConf, Path systemdResolvConf) throws IOException {
        String etc = readIfExists(etcResolvConf);
        if (ResolvConf.parse(etc).nameservers().equals(List.of(SYSTEMD_STUB))) {
            String upstream = readIfExists(systemdResolvConf);
            if (!upstream.isEmpty()) {
                return upstream;
            }
        }
        return etc;
    }

    private static String readIfExists(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static String checkHostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isEmpty() || hostname.length() > HOST_NAME_MAX
                || hostname.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '/')) {
            throw new IllegalArgumentException("hostname \"" + hostname
                    + "\" is invalid: it must be 1 to " + HOST_NAME_MAX + " characters without blanks or '/'");
        }
        return hostname;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
