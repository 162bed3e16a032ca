package dev.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code berth serve} as a child process on a private socket and home, as a user runs it; closing
 * it sends SIGTERM and waits for a clean exit.
 */
final class ServedBerth implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path log;

    private ServedBerth(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /** Starts {@code berth --home HOME serve --socket unix://SOCKET EXTRA...} and waits until it answers {@code _ping}. */
    static ServedBerth start(Path home, Path socket, String... extra) throws IOException, InterruptedException {
        Process p = launch(home, socket, extra);
        ServedBerth served = new ServedBerth(p, socket, logOf(socket));
        served.awaitPing();
        return served;
    }

    /** Launches {@code berth serve} without waiting; its stderr goes to the log file beside the socket's directory. */
    static Process launch(Path home, Path socket, String... extra) throws IOException {
        List<String> argv = new ArrayList<>(Cli.java());
        argv.addAll(List.of("--home", home.toString(), "serve", "--socket", "unix://" + socket));
        argv.addAll(List.of(extra));
        Path log = logOf(socket);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static Path logOf(Path socket) {
        return socket.getParent().resolveSibling(socket.getParent().getFileName() + "-serve.log");
    }

    Path socket() {
        return socket;
    }

    /** {@code unix:///PATH}, for {@code DOCKER_HOST}. */
    String dockerHost() {
        return "unix://" + socket;
    }

    Process process() {
        return process;
    }

    /** What the server printed so far, for failure messages. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitPing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("berth serve exited with " + process.exitValue() + ": " + log());
            }
            if (ping(socket) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("berth serve did not answer HEAD /_ping on " + socket + " within 60 s: " + log());
    }

    /** The status of {@code HEAD /_ping} on {@code socket}, or -1 when nothing answers. */
    static int ping(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("HEAD /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(ch);
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Sends SIGTERM and returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("berth serve did not stop within 60 s of SIGTERM: " + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
