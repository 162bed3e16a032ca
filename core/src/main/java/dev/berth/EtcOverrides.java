package dev.berth;

import dev.berth.network.Attachment;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.DnsOverrides;
import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.ExtraHost;
import dev.berth.runtime.ExtraHosts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * What {@code --add-host} and {@code --dns*} change in a new container's {@code /etc/hosts} and
 * {@code /etc/resolv.conf}, once its network has written them: the extra hosts are kept in its
 * directory ({@link ExtraHosts}) so that a bridge network's later rewrites keep them, and the
 * resolver's nameservers, search and options are replaced as Docker replaces them.
 */
final class EtcOverrides {
    /** slirp4netns's address of the host, as podman's host.containers.internal. */
    private static final String SLIRP_HOST = "10.0.2.2";

    private EtcOverrides() {
    }

    static void write(Berth berth, ContainerBuilder<?> b, ContainerDirectory dir, String hostname, Attachment network)
            throws IOException {
        if (!b.extraHosts.isEmpty()) {
            List<ExtraHost> extra = ExtraHosts.resolve(b.extraHosts, gateway(berth, network), noGateway(network.mode()));
            ExtraHosts.write(dir.extraHosts(), extra);
            switch (network.mode()) {
                case BRIDGE -> berth.networks().rewriteHosts(dir.root().getFileName().toString());
                case HOST -> {
                    // the host's own file, then the extra lines, as Docker's for --network host
                    StringBuilder text = new StringBuilder(Files.readString(dir.etc().resolve("hosts"), StandardCharsets.UTF_8));
                    if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                        text.append('\n');
                    }
                    extra.forEach(h -> text.append(h.address()).append('\t').append(h.name()).append('\n'));
                    dir.writeEtc("hosts", text.toString());
                }
                default -> dir.writeEtc("hosts", EtcFiles.hosts(hostname, null, extra));
            }
        }
        DnsOverrides dns = new DnsOverrides(b.dns, b.dnsSearch, b.dnsOptions);
        if (dns.any()) {
            dir.writeEtc("resolv.conf", dns.apply(Files.readString(dir.etc().resolve("resolv.conf"), StandardCharsets.UTF_8)));
        }
    }

    /** The host as the container reaches it: its bridge's gateway, or slirp4netns's host address. */
    private static Optional<InetAddress> gateway(Berth berth, Attachment network) throws IOException {
        return switch (network.mode()) {
            case BRIDGE -> berth.networks().gateway(network.network()).map(InetAddress.class::cast);
            case SLIRP4NETNS -> Optional.of(InetAddress.getByName(SLIRP_HOST)); // a literal: no lookup
            default -> Optional.empty();
        };
    }

    private static String noGateway(NetworkMode mode) {
        return mode == NetworkMode.HOST
                ? "host-gateway needs a gateway, and with --network host the container has none (it shares the host's"
                        + " network: name one of the host's addresses instead)"
                : "host-gateway needs a gateway, and with --network none the container has none (it has no network):"
                        + " use --network bridge";
    }
}
