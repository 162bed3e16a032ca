package dev.berth.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The API socket of a running slirp4netns ({@code --api-socket},
 * <a href="https://github.com/rootless-containers/slirp4netns/blob/master/slirp4netns.1.md#api">slirp4netns(1), API</a>):
 * one JSON request per connection, answered with {@code {"return": ...}} or
 * {@code {"error": {"desc": ...}}}. Berth uses it only to add the published ports, right after
 * slirp4netns is ready.
 */
final class SlirpApi {
    /** Where published ports listen on the host: every address, as Docker's and the root bridge's do. */
    static final String HOST_ADDRESS = "0.0.0.0";
    private static final ObjectMapper JSON = dev.berth.json.Json.mapper();

    private final Path socket;

    SlirpApi(Path socket) {
        this.socket = socket;
    }

    /** The {@code add_hostfwd} request that publishes {@code port}. */
    static String addHostForward(NetworkRecord.PortMapping port) {
        return "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"" + port.protocol().toLowerCase(Locale.ROOT)
                + "\",\"host_addr\":\"" + (port.allAddresses() ? HOST_ADDRESS : port.hostIp()) + "\",\"host_port\":" + port.hostPort()
                + ",\"guest_port\":" + port.containerPort() + "}}";
    }

    /**
     * The {@code return} member of {@code reply}.
     *
     * @throws IOException with slirp4netns's description of an {@code error} reply, or for a reply that is neither
     */
    static JsonNode result(String reply) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(reply);
        } catch (IOException e) {
            throw new IOException("slirp4netns answered something that is not JSON: " + reply, e);
        }
        if (node != null && node.has("return")) {
            return node.get("return");
        }
        if (node != null && node.has("error")) {
            throw new IOException("slirp4netns: " + node.get("error").path("desc").asText(reply));
        }
        throw new IOException("slirp4netns answered neither a result nor an error: " + reply);
    }

    /**
     * Publishes {@code port} through slirp4netns.
     *
     * @throws IOException naming the host port when slirp4netns cannot bind it
     */
    void publish(NetworkRecord.PortMapping port) throws IOException {
        try {
            result(call(addHostForward(port)));
        } catch (IOException e) {
            throw new IOException("host port " + port.hostPort() + "/" + port.protocol() + " cannot be published"
                    + " (container port " + port.containerPort() + "/" + port.protocol() + "; in use, or below"
                    + " net.ipv4.ip_unprivileged_port_start): " + e.getMessage(), e);
        }
    }

    /** Sends {@code request} and reads the reply up to slirp4netns's close. */
    String call(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (ch.read(in) >= 0) {
                reply.write(in.array(), 0, in.position());
                in.clear();
            }
            return reply.toString(StandardCharsets.UTF_8);
        }
    }
}
