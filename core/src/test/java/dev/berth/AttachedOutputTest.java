package dev.berth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.log.AttachedOutput;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A detached container started attached ({@code docker run} without {@code -d}): its helper
 * writes the log and forwards the output to this JVM's pipes; a reader that leaves detaches
 * without stopping or blocking the container; a slow one holds it back and loses nothing.
 */
@Timeout(300)
class AttachedOutputTest extends BusyboxContainers {
    static final int LINES = 200_000; // about 1.3 MiB: far more than the pipes hold

    /** A failed test leaves no detached container behind (running, blocked on its output, or exited). */
    @AfterEach
    void removeLeftovers() throws java.io.IOException {
        for (Container c : berth.listContainers()) {
            if (c.isRunning()) {
                c.kill();
            }
            c.remove();
        }
    }

    static String expected(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            b.append(i).append('\n');
        }
        return b.toString();
    }

    @Test
    void stdoutAndStderrComeApartAndTheExitCodeAsItWas() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).attach(true)
                .command("sh", "-c", "echo out; echo err >&2; echo more; exit 5").start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            c.attachedOutput().copyTo(out, err);
            assertEquals("out\nmore\n", out.toString());
            assertEquals("err\n", err.toString());
            assertEquals(5, c.waitFor(Duration.ofSeconds(30)).orElseThrow());
            // The log has both streams, as before (their order between two pipes is the helper's reading order).
            assertEquals(List.of("err", "more", "out"), c.logs().lines().sorted().toList());
            c.remove();
        }
    }

    /** The attach pipes are the helper's: the container's command has its stdio and nothing else. */
    @Test
    void theCommandHoldsNoDescriptorButItsStdio() throws Exception {
        for (boolean init : new boolean[] {false, true}) {
            try (Container c = berth.container(IMAGE).detached(true).attach(true).init(init)
                    .command("ls", "/proc/self/fd").start()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                c.attachedOutput().copyTo(out, new ByteArrayOutputStream());
                assertEquals("0\n1\n2\n3\n", out.toString(), "init " + init + " (3 is the directory ls reads)");
                assertEquals(0, c.waitFor(Duration.ofSeconds(30)).orElseThrow());
                c.remove();
            }
        }
    }

    @Test
    void aTerminalsOutputIsStdoutAndStderrEndsAtOnce() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).tty(true).attach(true)
                .command("sh", "-c", "echo on-a-tty; echo err >&2").start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            c.attachedOutput().copyTo(out, err);
            assertEquals("on-a-tty\r\nerr\r\n", out.toString());
            assertEquals("", err.toString());
            assertEquals(0, c.waitFor(Duration.ofSeconds(30)).orElseThrow());
            c.remove();
        }
    }

    @Test
    void aReaderThatClosesEarlyLeavesTheContainerRunningToItsEndAndLogged() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).attach(true)
                .command("sh", "-c", "seq 1 " + LINES + "; echo done >&2; exit 4").start()) {
            AttachedOutput attached = c.attachedOutput();
            byte[] first = attached.stdout().readNBytes(8);
            assertArrayEquals("1\n2\n3\n4\n".getBytes(), first);
            attached.close(); // the reader leaves: the helper must not block nor kill the container
            assertEquals(4, c.waitFor(Duration.ofSeconds(120)).orElseThrow(
                    () -> new AssertionError("the container is blocked on the reader that left: " + c.state())));
            assertEquals(4, berth.findContainer(c.id()).orElseThrow().state().exitCode(), "the exit was not recorded");
            // The log kept everything, the part after the reader left included.
            assertEquals(expected(LINES) + "done\n", c.logs());
            c.remove();
        }
    }

    @Test
    void aSlowReaderHoldsTheContainerBackAndGetsEveryByte() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).attach(true)
                .command("seq", "1", String.valueOf(LINES)).start()) {
            // Not read: the pipes fill and the container waits, as for docker's slow attached client.
            Thread.sleep(2000);
            assertTrue(c.isRunning(), "the output was not held for the reader: " + c.state());
            InputStream stdout = c.attachedOutput().stdout();
            assertEquals(expected(LINES), new String(stdout.readAllBytes()));
            assertEquals(0, c.waitFor(Duration.ofSeconds(60)).orElseThrow());
            assertEquals(expected(LINES), c.logs());
            c.remove();
        }
    }

    @Test
    void attachIsForDetachedContainersAndOnlyWhenAsked() throws Exception {
        ContainerException e = assertThrows(ContainerException.class,
                () -> berth.container(IMAGE).attach(true).command("true").start());
        assertTrue(e.getMessage().contains("attach(true) is for a detached container"), e.getMessage());
        try (Container c = berth.container(IMAGE).detached(true).command("true").start()) {
            IllegalStateException notAttached = assertThrows(IllegalStateException.class, c::attachedOutput);
            assertTrue(notAttached.getMessage().contains("was not started with attach(true)"), notAttached.getMessage());
            c.waitFor(Duration.ofSeconds(30));
            c.remove();
        }
        assertEquals(List.of(), berth.listContainers());
    }
}
