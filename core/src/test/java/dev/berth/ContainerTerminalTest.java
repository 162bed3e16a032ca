package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.PseudoTerminal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A container's terminal, for run -t, exec -t and run -dt, is a pty of its own devpts, as
 * runc and crun make it: {@code tty} prints /dev/pts/0, TERM is xterm, and the host's
 * /dev/pts is not involved.
 */
class ContainerTerminalTest extends BusyboxContainers {

    @Test
    void runWithATerminalPrintsPtsZeroAndSetsTerm() throws Exception {
        try (Container c = berth.container(IMAGE).terminal(true)
                .command("sh", "-c", "tty; echo TERM=$TERM; test -t 1 && test -t 2 && echo on-tty").start();
                PseudoTerminal pty = c.terminal()) {
            assertEquals("/dev/pts/0\r\nTERM=xterm\r\non-tty\r\n", readToEnd(pty));
            assertEquals(0, c.waitFor());
        }
    }

    @Test
    void theTerminalBelongsToTheCommandsUserAndTheTtyGroup() throws Exception {
        try (Container c = berth.container(IMAGE).user("user").terminal(true)
                .command("sh", "-c", "stat -c %u:%g:%a $(tty)").start(); PseudoTerminal pty = c.terminal()) {
            // As under runc: the user may open its terminal again (mode 0620, group tty).
            assertEquals("1000:5:620\r\n", readToEnd(pty));
        }
    }

    @Test
    void aTermTheUserSetIsKept() throws Exception {
        try (Container c = berth.container(IMAGE).terminal(true).env("TERM", "vt100")
                .command("sh", "-c", "echo TERM=$TERM").start(); PseudoTerminal pty = c.terminal()) {
            assertEquals("TERM=vt100\r\n", readToEnd(pty));
        }
    }

    @Test
    void withoutATerminalThereIsNoTerm() throws Exception {
        try (Container c = berth.container(IMAGE).command("sh", "-c", "echo TERM=$TERM; tty").start()) {
            assertEquals("TERM=\nnot a tty\n", run(c));
        }
    }

    @Test
    void execWithATerminalPrintsPtsZeroOfTheContainersDevpts() throws Exception {
        try (Container c = berth.container(IMAGE).command("sleep", "600").start()) {
            ExecResult r = c.exec(ExecOptions.command("sh", "-c", "tty; echo TERM=$TERM; echo /dev/pts/*").terminal(true));
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("/dev/pts/0\r\nTERM=xterm\r\n/dev/pts/0 /dev/pts/ptmx\r\n", r.stdout());
            // A started exec hands over the master: keys typed into it reach the command.
            try (ExecProcess p = c.startExec(ExecOptions.command("sh", "-c", "read line; echo got:$line; tty").terminal(true));
                    PseudoTerminal pty = p.terminal()) {
                assertNotNull(pty);
                assertThrows(IllegalStateException.class, p::stdout, "the output is the terminal's");
                pty.write("hello\r".getBytes(StandardCharsets.US_ASCII), 6);
                String shown = readToEnd(pty);
                assertTrue(shown.endsWith("got:hello\r\n/dev/pts/0\r\n"), shown);
                assertEquals(0, p.waitFor());
            }
        }
    }

    @Test
    void theContainersPtyIsNotOnTheHostsDevptsAndItSeesNoOtherDevpts() throws Exception {
        try (Container c = berth.container(IMAGE).terminal(true).command("sh", "-c", "echo up; exec sleep 600").start();
                PseudoTerminal pty = c.terminal()) {
            byte[] buf = new byte[64];
            assertTrue(pty.read(buf) > 0);
            // The command: the main process, or its child under Berth's init (which keeps no descriptor).
            int pid = c.state().pid();
            String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
            Path stdin = Path.of("/proc/" + (children.isEmpty() ? pid : Integer.parseInt(children.split(" ")[0])) + "/fd/0");
            assertEquals("/dev/pts/0", Files.readSymbolicLink(stdin).toString());
            assertNotEquals(Files.getAttribute(Path.of("/dev/pts"), "unix:dev"), Files.getAttribute(stdin, "unix:dev"),
                    "the container's pty is in a devpts instance of its own, not the host's");
            // Inside: one devpts, at /dev/pts, holding only its own pty; mounting another
            // (the host's instance is what a mount without newinstance would try) is refused.
            ExecResult r = c.exec("sh", "-c", "grep -c ' - devpts ' /proc/self/mountinfo; echo /dev/pts/*;"
                    + " mkdir -p /tmp/pts; mount -t devpts devpts /tmp/pts 2>/dev/null && echo mounted || echo refused");
            assertEquals("1\n/dev/pts/0 /dev/pts/ptmx\nrefused\n", r.stdout());
        }
    }

    @Test
    void aDetachedContainersTerminalIsItsOwnToo() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).tty(true)
                .command("sh", "-c", "tty; echo TERM=$TERM").start()) {
            assertEquals(0, c.waitFor());
            assertEquals("/dev/pts/0\r\nTERM=xterm\r\n", c.logs());
        }
    }

    @Test
    void aDetachedContainerCannotAlsoHaveATerminalThisJvmHolds() {
        ContainerException e = assertThrows(ContainerException.class,
                () -> berth.container(IMAGE).detached(true).terminal(true).command("true").start());
        assertTrue(e.getMessage().contains("use tty(true)"), e.getMessage());
    }

    /** What the command writes to its terminal, until every holder of the slave has closed it. */
    static String readToEnd(PseudoTerminal pty) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = pty.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }).get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    }
}
