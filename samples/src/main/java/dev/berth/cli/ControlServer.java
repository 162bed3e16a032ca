package dev.berth.cli;

import dev.berth.Container;
import dev.berth.ExecOptions;
import dev.berth.ExecResult;
import dev.berth.namespaces.cgroup.CgroupStats;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves one container's {@link ControlSocket} from the process that started it, so that
 * {@code berth exec}, {@code stop}, {@code kill} and {@code stats} from other processes act
 * on it through the {@link Container} API. One request per connection, see {@link ControlClient}.
 */
final class ControlServer implements AutoCloseable {
    private final Container container;
    private final Path path;
    private final ServerSocketChannel server;

    private ControlServer(Container container, Path path, ServerSocketChannel server) {
        this.container = container;
        this.path = path;
        this.server = server;
    }

    /** Listens for {@code container} at its socket under {@code home}. */
    static ControlServer start(Path home, Container container) throws IOException {
        Path path = ControlSocket.path(home, container.id());
        Files.createDirectories(path.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        ControlServer s = new ControlServer(container, path, server);
        Thread t = new Thread(s::acceptLoop, "berth-control-" + container.name());
        t.setDaemon(true);
        t.start();
        return s;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch), "berth-control-request");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch; DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch))) {
            String verb = in.readUTF();
            List<String> args = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                args.add(in.readUTF());
            }
            try {
                answer(verb, args, out);
            } catch (RuntimeException e) {
                out.writeInt(1);
                out.writeUTF(ErrorLine.message(e));
            }
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private void answer(String verb, List<String> args, DataOutputStream out) throws IOException {
        switch (verb) {
            case "exec" -> {
                ExecResult r = container.exec(execOptions(args));
                out.writeInt(0);
                out.writeInt(r.exitCode());
                writeBytes(out, r.stdout());
                writeBytes(out, r.stderr());
            }
            case "stop" -> {
                if (container.isRunning()) {
                    container.stop(Duration.ofSeconds(Long.parseLong(args.get(0))));
                }
                out.writeInt(0);
            }
            case "kill" -> {
                if (!container.isRunning()) {
                    throw new IllegalStateException("container " + container.name() + " is not running");
                }
                container.kill();
                out.writeInt(0);
            }
            case "stats" -> {
                CgroupStats s = container.stats().orElseThrow(
                        () -> new IllegalStateException("container " + container.name() + " is not running"));
                out.writeInt(0);
                out.writeLong(s.memoryUsageBytes().orElse(-1));
                out.writeLong(s.cpuTimeNanos().orElse(-1));
                out.writeLong(s.pidsCurrent().orElse(-1));
            }
            default -> throw new IllegalArgumentException("unknown control request " + verb);
        }
    }

    /** {@link ControlClient#exec}'s layout: user, workdir ("" for the container's), env count, env, argv. */
    private static ExecOptions execOptions(List<String> args) {
        int envCount = Integer.parseInt(args.get(2));
        ExecOptions o = ExecOptions.command(args.subList(3 + envCount, args.size()).toArray(String[]::new));
        if (!args.get(0).isEmpty()) {
            o = o.user(args.get(0));
        }
        if (!args.get(1).isEmpty()) {
            o = o.workdir(args.get(1));
        }
        for (String e : args.subList(3, 3 + envCount)) {
            int eq = e.indexOf('=');
            o = o.env(e.substring(0, eq), e.substring(eq + 1));
        }
        return o;
    }

    private static void writeBytes(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
