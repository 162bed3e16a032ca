package dev.berth.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's {@code --add-host} lines
 * (<a href="https://docs.docker.com/reference/cli/docker/container/run/#add-host">--add-host</a>):
 * checked as the Docker CLI checks them, resolved once its network is known ({@code host-gateway}
 * is the host as the container reaches it), and kept in {@code containers/ID/extra-hosts} (one
 * {@code address TAB name} a line), so every later rewrite of its {@code /etc/hosts} (a peer
 * joins or leaves its network) writes them again.
 */
public final class ExtraHosts {
    /** The address Docker replaces with the host's gateway address. */
    public static final String HOST_GATEWAY = "host-gateway";

    private ExtraHosts() {
    }

    /**
     * Checks {@code name:ip}, {@code name=ip} or {@code name:host-gateway}, with Docker's messages.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static void check(String spec) {
        String[] parts = split(spec);
        if (!parts[1].equals(HOST_GATEWAY)) {
            new ExtraHost(parts[0], parts[1]);
        }
    }

    /**
     * The lines for {@code specs}, {@code host-gateway} replaced by {@code gateway}.
     *
     * @param noGateway why there is no gateway, for the refusal when {@code gateway} is empty
     * @throws IllegalArgumentException naming the value that needs a gateway the container lacks
     */
    public static List<ExtraHost> resolve(List<String> specs, Optional<InetAddress> gateway, String noGateway) {
        List<ExtraHost> out = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = split(spec);
            if (parts[1].equals(HOST_GATEWAY)) {
                InetAddress g = gateway.orElseThrow(() -> new IllegalArgumentException("--add-host " + spec
                        + ": " + noGateway));
                out.add(new ExtraHost(parts[0], g.getHostAddress()));
            } else {
                out.add(new ExtraHost(parts[0], parts[1]));
            }
        }
        return out;
    }

    /** Keeps {@code hosts} in {@code file}. */
    public static void write(Path file, List<ExtraHost> hosts) throws IOException {
        StringBuilder text = new StringBuilder();
        hosts.forEach(h -> text.append(h.address()).append('\t').append(h.name()).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The hosts kept in {@code file}; none when there is no file (a container without --add-host). */
    public static List<ExtraHost> read(Path file) throws IOException {
        List<ExtraHost> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    out.add(new ExtraHost(line.substring(tab + 1), line.substring(0, tab)));
                }
            }
        } catch (NoSuchFileException e) {
            // no --add-host
        }
        return out;
    }

    /** {@code [name, address]}: the first {@code =}, else the first {@code :}, splits (IPv6 keeps its colons). */
    private static String[] split(String spec) {
        int eq = spec.indexOf('=');
        int sep = eq >= 0 ? eq : spec.indexOf(':');
        if (sep <= 0 || sep == spec.length() - 1) {
            throw new IllegalArgumentException("bad format for add-host: \"" + spec + "\"");
        }
        String address = spec.substring(sep + 1);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!address.equals(HOST_GATEWAY) && IpLiteral.parse(address) == null) {
            throw new IllegalArgumentException("invalid IP address in add-host: \"" + address + "\"");
        }
        return new String[] {spec.substring(0, sep), address};
    }
}
