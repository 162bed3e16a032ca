package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.PseudoTerminal;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessSpec.Builder#console}: the terminal is a pty of the container's own devpts,
 * made inside it, and only its master reaches this JVM.
 */
@RequiresRoot("launches processes in new namespaces on an overlay root")
class ConsoleLaunchTest {
    static Sandbox sandbox;

    @BeforeAll
    static void setUp() throws Exception {
        sandbox = Sandbox.shared();
    }

    @Test
    void theCommandsTerminalIsPtsZeroOfItsOwnDevpts() throws Exception {
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c",
                "tty; echo /dev/pts/*; stat -L -c %t:%T /dev/ptmx; test -t 0 && test -t 2 && echo all-tty").standardMounts(true)
                .console(true).build()); PseudoTerminal pty = p.terminal()) {
            assertNotNull(pty, "a console launch hands over the master");
            String out = readToEnd(pty);
            assertEquals("/dev/pts/0\r\n/dev/pts/0 /dev/pts/ptmx\r\n5:2\r\nall-tty\r\n", out);
            assertEquals(Path.of("/dev/pts/0"), pty.slave(), "the slave is named as the container sees it");
            assertEquals(0, p.waitFor().exitCode());
        }
    }

    @Test
    void thePtyIsNotOnTheHostsDevptsAndTheMasterIsCloseOnExec() throws Exception {
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c", "echo up; exec sleep 60")
                .standardMounts(true).console(true).build()); PseudoTerminal pty = p.terminal()) {
            byte[] buf = new byte[16];
            assertTrue(pty.read(buf) > 0);
            // The command's stdin, seen from the host: a pty whose devpts is not the host's /dev/pts.
            Path stdin = Path.of("/proc/" + p.pid() + "/fd/0");
            assertEquals("/dev/pts/0", Files.readSymbolicLink(stdin).toString());
            assertNotEquals(Files.getAttribute(Path.of("/dev/pts"), "unix:dev"), Files.getAttribute(stdin, "unix:dev"),
                    "the container's pty is in a devpts instance of its own");
            // Every master this JVM holds (a link to some ptmx) is close-on-exec.
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : fds.toList()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (java.io.IOException gone) {
                        continue;
                    }
                    if (target.endsWith("ptmx")) {
                        String info = Files.readString(Path.of("/proc/self/fdinfo/" + fd.getFileName()));
                        long flags = Long.parseLong(info.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow()
                                .substring(6).trim(), 8);
                        assertEquals(02000000, flags & 02000000, "master fd " + fd.getFileName() + " is O_CLOEXEC: " + info);
                    }
                }
            }
        }
    }

    @Test
    void anExecGetsAPtyOfTheJoinedContainersDevpts() throws Exception {
        try (IsolatedProcess target = Launcher.system().launch(sandbox.spec("sh", "-c", "echo up; exec sleep 60")
                .standardMounts(true).build())) {
            assertEquals('u', target.stdout().read());
            try (IsolatedProcess exec = Launcher.system().launch(ProcessSpec.builder("sh", "-c", "tty; echo /dev/pts/*")
                    .joinNamespacesOf(target).console(true).build()); PseudoTerminal pty = exec.terminal()) {
                assertEquals("/dev/pts/0\r\n/dev/pts/0 /dev/pts/ptmx\r\n", readToEnd(pty));
            }
        }
    }

    @Test
    void aHostileContainerCannotPassOffAnotherFileAsItsPtmx() throws Exception {
        // The container replaces /dev/pts with a directory of its own whose ptmx is a fifo: an
        // exec's console refuses it instead of opening (or waiting on) what the container made.
        try (IsolatedProcess target = Launcher.system().launch(sandbox.spec("sh", "-c",
                "umount /dev/pts && mkfifo /dev/pts/ptmx && echo up; exec sleep 60").standardMounts(true)
                .capabilities(java.util.Set.of(Capability.SYS_ADMIN, Capability.MKNOD)).build())) {
            assertEquals('u', target.stdout().read());
            LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().launch(
                    ProcessSpec.builder("tty").joinNamespacesOf(target).console(true).build()).close());
            assertTrue(e.getMessage().contains("console: /dev/pts is not on a devpts mount"), e.getMessage());
        }
    }

    /** What the command writes to its terminal, until every holder of the slave has closed it. */
    static String readToEnd(PseudoTerminal pty) throws Exception {
        CompletableFuture<String> all = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = pty.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        });
        return all.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    }
}
