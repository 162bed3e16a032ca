package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth serve} as a process: where its socket is and who may connect, a live socket it
 * refuses and a stale one it replaces, a clean stop on SIGTERM and SIGINT that removes the socket,
 * and containers that outlive it.
 */
@RequiresRoot("berth serve opens the root store")
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void theSocketIsTheOwnersOnlyAndAnswersPing() throws Exception {
        Path socket = dir.resolve("run/berth/docker.sock");
        try (ServedBerth served = ServedBerth.start(dir.resolve("home"), socket)) {
            assertEquals(0140600, mode(socket), "a socket of mode 0600");
            assertEquals(0, Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertTrue(served.log().contains("listening on unix://" + socket), served.log());
            try (Stream<Path> left = Files.list(socket.getParent())) {
                assertEquals(java.util.List.of(socket), left.toList(), "the private directory it was bound in is gone");
            }
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "SIGTERM removes the socket");
    }

    @Test
    void aGroupGetsMode0660() throws Exception {
        Path socket = dir.resolve("s/docker.sock");
        try (ServedBerth served = ServedBerth.start(dir.resolve("home"), socket, "--group", "daemon")) {
            assertEquals(0140660, mode(socket));
            assertEquals("daemon", Files.readAttributes(socket, java.nio.file.attribute.PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).group().getName());
        }
    }

    @Test
    void refusesASocketAnotherServerAnswersOnAndReplacesAStaleOne() throws Exception {
        Path socket = dir.resolve("s/docker.sock");
        Files.createDirectories(socket.getParent());
        // A server that died leaves its socket file: nobody answers on it.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        try (ServedBerth served = ServedBerth.start(dir.resolve("home"), socket)) {
            Cli.Result second = run(ServedBerth.launch(dir.resolve("home"), socket), socket);
            assertEquals(ErrorLine.ENGINE_ERROR, second.code(), second.toString());
            assertTrue(second.out().contains("berth: " + socket + ": another server is listening"), second.toString());
            assertEquals(200, ServedBerth.ping(socket), "the first server still answers");
        }
    }

    @Test
    void refusesAPathThatIsNotASocket() throws Exception {
        Path socket = dir.resolve("s/docker.sock");
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "mine");
        Cli.Result r = run(ServedBerth.launch(dir.resolve("home"), socket), socket);
        assertEquals(ErrorLine.ENGINE_ERROR, r.code(), r.toString());
        assertTrue(r.out().contains("berth: " + socket + ": exists and is not a socket"), r.toString());
        assertEquals("mine", Files.readString(socket));
    }

    @Test
    void refusesAnotherScheme() throws Exception {
        Cli.Result r = new Cli(dir.resolve("home")).run("serve", "--socket", "tcp://127.0.0.1:2375");
        assertEquals(ErrorLine.ENGINE_ERROR, r.code(), r.toString());
        assertTrue(r.err().startsWith("berth: --socket tcp://127.0.0.1:2375: only a unix socket is served"), r.toString());
    }

    @Test
    void refusesAGroupThatDoesNotExist() throws Exception {
        Cli.Result r = new Cli(dir.resolve("home")).run("serve", "--socket", "unix://" + dir.resolve("s.sock"), "--group", "no-such-group-here");
        assertEquals(ErrorLine.ENGINE_ERROR, r.code(), r.toString());
        assertEquals("berth: --group no-such-group-here: no such group\n", r.err(), r.toString());
        assertFalse(Files.exists(dir.resolve("s.sock"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void sigintStopsItCleanly() throws Exception {
        Path socket = dir.resolve("s/docker.sock");
        ServedBerth served = ServedBerth.start(dir.resolve("home"), socket);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(served.process().pid())).inheritIO().start().waitFor();
            assertTrue(served.process().waitFor(60, TimeUnit.SECONDS), served.log());
            assertEquals(0, served.process().exitValue(), served.log());
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
            assertTrue(served.log().contains("berth serve: stopped"), served.log());
        } finally {
            served.close();
        }
    }

    @Test
    void aUserWithoutXdgRuntimeDirIsToldWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServeAddress.defaultPath(1000, Map.of()));
        assertTrue(e.getMessage().startsWith("XDG_RUNTIME_DIR is not set"), e.getMessage());
        assertEquals(Path.of("/run/user/1000/berth/docker.sock"),
                ServeAddress.defaultPath(1000, Map.of("XDG_RUNTIME_DIR", "/run/user/1000")));
        assertEquals(Path.of("/run/berth/docker.sock"), ServeAddress.defaultPath(0, Map.of()));
    }

    @Test
    void containersItStartedOutliveIt() throws Exception {
        HostCommand.assume(HostCommand.DOCKER, "docker.io");
        Path home = dir.resolve("home");
        Cli berth = new Cli(home);
        assertEquals(0, berth.run("demo").code());
        Path socket = dir.resolve("s/docker.sock");
        try (ServedBerth served = ServedBerth.start(home, socket)) {
            HostCommand docker = new HostCommand(Map.of("DOCKER_HOST", served.dockerHost(),
                    "DOCKER_CONFIG", dir.resolve("docker-config").toString()), dir);
            Cli.Result run = docker.run(HostCommand.DOCKER, "run", "-d", "--name", "outlives", "localhost/berth-demo", "sleep", "300");
            assertEquals(0, run.code(), run + served.log());
            assertEquals(0, served.stop(), served.log());
        }
        try {
            Cli.Result ps = berth.run("ps");
            assertTrue(ps.out().contains("outlives"), ps.toString());
        } finally {
            berth.run("rm", "-f", "outlives");
        }
    }

    private static int mode(Path p) throws java.io.IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    /** Waits for a launched server that is expected to refuse to start; its log is beside the socket. */
    private static Cli.Result run(Process p, Path socket) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("berth serve did not exit");
        }
        Path log = socket.getParent().resolveSibling(socket.getParent().getFileName() + "-serve.log");
        return new Cli.Result(p.exitValue(), Files.readString(log), "");
    }
}
