package dev.berth.cli;

import dev.berth.ContainerSummary;
import dev.berth.ExecResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the process that runs a container to act on it over its {@link ControlSocket}: a
 * request is a verb and string arguments ({@link DataOutputStream#writeUTF}); the answer starts
 * with 0 and a verb's fields, or 1 and an error message.
 */
final class ControlClient {
    private final ContainerSummary container;
    private final Path socket;

    private ControlClient(ContainerSummary container, Path socket) {
        this.container = container;
        this.socket = socket;
    }

    /** The client for a running container. */
    static ControlClient of(Path home, ContainerSummary c) throws IOException {
        if (!c.state().running() || c.owner().isEmpty()) {
            throw new IllegalStateException("container " + c.name() + " is not running");
        }
        return new ControlClient(c, ControlSocket.path(home, c.id()));
    }

    /** The statistics of {@link #stats()}: memory bytes, CPU nanoseconds and pids (-1 when unknown). */
    record Stats(long memoryBytes, long cpuNanos, long pids) {
    }

    ExecResult exec(String user, String workdir, List<String> env, List<String> argv) throws IOException {
        List<String> args = new ArrayList<>(List.of(user == null ? "" : user, workdir == null ? "" : workdir,
                Integer.toString(env.size())));
        args.addAll(env);
        args.addAll(argv);
        return request("exec", args, in -> new ExecResult(in.readInt(), readString(in), readString(in)));
    }

    void stop(long graceSeconds) throws IOException {
        request("stop", List.of(Long.toString(graceSeconds)), in -> null);
    }

    void kill() throws IOException {
        request("kill", List.of(), in -> null);
    }

    Stats stats() throws IOException {
        return request("stats", List.of(), in -> new Stats(in.readLong(), in.readLong(), in.readLong()));
    }

    private interface Reply<T> {
        T read(DataInputStream in) throws IOException;
    }

    private <T> T request(String verb, List<String> args, Reply<T> reply) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException("cannot reach the process that runs container " + container.name()
                        + " at " + socket + ": " + e.getMessage(), e);
            }
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            out.writeUTF(verb);
            out.writeInt(args.size());
            for (String a : args) {
                out.writeUTF(a);
            }
            out.flush();
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            if (in.readInt() != 0) {
                throw new IllegalStateException(in.readUTF());
            }
            return reply.read(in);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
