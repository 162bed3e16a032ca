package dev.berth.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceTest {
    @TempDir
    Path tmp;

    @Test
    void identityIsTheInode() throws Exception {
        try (Namespace a = Namespace.current(Namespace.Type.NET); Namespace b = Namespace.of(ProcessHandle.current().pid(), Namespace.Type.NET)) {
            assertEquals(a, b);
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            assertEquals("net:[" + a.inode() + "]", link);
        }
    }

    @Test
    void parsesTheInodeFromTheLink() {
        assertEquals(4026531840L, Namespace.inodeOf("net:[4026531840]", "x"));
        assertThrows(IllegalStateException.class, () -> Namespace.inodeOf("garbage", "x"));
    }

    @Test
    void userAndPidNamespacesCannotBeJoinedByAThread() throws Exception {
        try (Namespace user = Namespace.current(Namespace.Type.USER)) {
            assertThrows(IllegalArgumentException.class, () -> user.call(() -> 1));
        }
    }

    @Test
    @RequiresRoot("launches a container and enters its network and UTS namespaces")
    void javaCodeRunsInsideAContainersNetworkAndUtsNamespaces() throws Exception {
        Sandbox sandbox = new Sandbox(tmp);
        int port = 20000 + new java.util.Random().nextInt(20000);
        String serve = "mkdir /www && echo hello-from-inside > /www/index.html && echo up && exec httpd -f -p 127.0.0.1:" + port + " -h /www";
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c", serve).hostname("ns-box").build())) {
            assertEquals('u', p.stdout().read());
            try (Namespace net = Namespace.of(p.pid(), Namespace.Type.NET); Namespace uts = Namespace.of(p.pid(), Namespace.Type.UTS);
                    Namespace mine = Namespace.current(Namespace.Type.NET)) {
                assertNotEquals(mine, net);
                String devices = net.call(() -> Files.readString(Path.of("/proc/thread-self/net/dev")));
                assertEquals(List.of("lo"), devices.lines().skip(2).map(l -> l.trim().split(":")[0]).toList());
                String page = net.call(() -> httpGet(port));
                assertTrue(page.endsWith("hello-from-inside\n"), page);
                assertThrows(ConnectException.class, () -> httpGet(port), "the port is not reachable from the host's network");
                String host = Namespace.callIn(List.of(uts), () -> Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
                assertEquals("ns-box", host);
            }
        }
    }

    /** GET / on 127.0.0.1:port, retrying while the server starts. */
    private static String httpGet(int port) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline || !Files.readString(Path.of("/proc/thread-self/net/dev")).contains("lo:")
                        || Files.readString(Path.of("/proc/thread-self/net/dev")).contains("eth")) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
