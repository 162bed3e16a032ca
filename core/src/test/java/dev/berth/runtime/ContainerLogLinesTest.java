package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.ExecResult;
import dev.berth.log.LogRecord.Source;
import dev.berth.wait.ContainerNotReadyException;
import dev.berth.wait.LogLines;
import dev.berth.wait.LogMessageWaitStrategy;
import dev.berth.wait.Wait;
import dev.berth.wait.WaitTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ContainerLogLinesTest {
    @TempDir
    Path dir;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void longLinesSplitIntoPartialRecordsComeBackWhole() throws Exception {
        ContainerLog log = ContainerLog.at(dir.resolve("c.log"));
        String longLine = "Ready " + "y".repeat(40_000) + "\n";
        try (ContainerLogWriter w = log.openWriter()) {
            w.pump(new ByteArrayInputStream(utf8(longLine + "no newline at the end")), Source.STDOUT);
        }
        try (ContainerLogLines lines = ContainerLogLines.follow(log)) {
            assertEquals(Optional.of(longLine), lines.next(Duration.ofSeconds(5)));
            assertEquals(Optional.of("no newline at the end"), lines.next(Duration.ofSeconds(5)));
            assertEquals(Optional.empty(), lines.next(Duration.ofSeconds(5)));
            assertTrue(lines.ended());
        }
    }

    @Test
    void theLastRecordsAreQuotedAsText() throws Exception {
        ContainerLog log = ContainerLog.at(dir.resolve("c.log"));
        try (ContainerLogWriter w = log.openWriter()) {
            for (String s : List.of("a\n", "b\n", "c\n")) {
                w.append(Source.STDERR, utf8(s));
            }
        }
        assertEquals("b\nc\n", ContainerLogLines.last(log, 2));
    }

    /** A log wait on a real container log, written while the strategy waits. */
    @Test
    void logMessageWaitWorksOnARealContainerLog() throws Exception {
        ContainerLog log = ContainerLog.at(dir.resolve("c.log"));
        ContainerLogWriter w = log.openWriter();
        WaitTarget target = new WaitTarget() {
            @Override
            public String name() {
                return "logged";
            }

            @Override
            public boolean isRunning() {
                return log.isBeingWritten();
            }

            @Override
            public LogLines followLogLines() throws IOException {
                return ContainerLogLines.follow(log);
            }

            @Override
            public String lastLogLines(int n) {
                try {
                    return ContainerLogLines.last(log, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public ExecResult exec(String... command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Integer> exposedPorts() {
                return List.of();
            }

            @Override
            public InetSocketAddress address(int containerPort) {
                throw new UnsupportedOperationException();
            }
        };
        Thread app = new Thread(() -> {
            try {
                Thread.sleep(100);
                w.append(Source.STDOUT, utf8("starting\n"));
                Thread.sleep(100);
                w.append(Source.STDERR, utf8("server started on port 8080\n"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        app.start();
        Wait.forLogMessage(".*started on port \\d+.*", 1).withStartupTimeout(Duration.ofSeconds(10)).waitUntilReady(target);
        app.join();

        LogMessageWaitStrategy never = Wait.forLogMessage(".*never.*", 1).withStartupTimeout(Duration.ofSeconds(10));
        w.close();
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class, () -> never.waitUntilReady(target));
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        assertTrue(e.getMessage().contains("starting\nserver started on port 8080\n"), e.getMessage());
        assertFalse(log.isBeingWritten());
    }
}
