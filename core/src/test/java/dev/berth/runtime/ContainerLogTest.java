package dev.berth.runtime;

import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.log.LogRecord.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ContainerLogTest {
    @TempDir
    Path dir;

    ContainerLog log() {
        return ContainerLog.at(dir.resolve("container.log"));
    }

    /** The log of a real process's stdout and stderr pipes, pumped as the launcher hands them over. */
    List<LogRecord> logOf(String script) throws IOException, InterruptedException {
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            Process p = new ProcessBuilder("/bin/sh", "-c", script).start();
            p.getOutputStream().close();
            w.pump(p.getInputStream(), Source.STDOUT);
            w.pump(p.getErrorStream(), Source.STDERR);
            assertEquals(0, p.waitFor());
        }
        return log.read(LogQuery.all());
    }

    static List<String> texts(List<LogRecord> records) {
        return records.stream().map(r -> r.source().streamName() + ":" + r.text()).collect(Collectors.toList());
    }

    @Test
    void interleavedStdoutAndStderrKeepTheirStreamsAndOrder() throws Exception {
        List<LogRecord> records = logOf("echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2; sleep 0.2; printf 'err2\\n' >&2");
        assertEquals(List.of("stdout:out1\n", "stderr:err1\n", "stdout:out2\n", "stderr:err2\n"), texts(records));
    }

    @Test
    void fileIsDockersJsonFileFormat() throws Exception {
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            w.append(Source.STDOUT, "say \"hi\"\n".getBytes(StandardCharsets.UTF_8));
        }
        String line = Files.readString(log.file());
        assertTrue(line.matches("\\{\"log\":\"say \\\\\"hi\\\\\"\\\\n\",\"stream\":\"stdout\","
                + "\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z\"}\n"), line);
    }

    @Test
    void linesLongerThan16KiBAreSplitIntoPartialRecords() throws Exception {
        List<LogRecord> records = logOf("head -c 40000 /dev/zero | tr '\\0' x; echo; echo short");
        assertEquals(List.of(16384, 16384, 7233, 6), records.stream().map(r -> r.bytes().length).toList());
        assertEquals(List.of(true, true, false, false), records.stream().map(LogRecord::partial).toList());
        assertEquals("x".repeat(40000) + "\n", records.subList(0, 3).stream().map(LogRecord::text).collect(Collectors.joining()));
    }

    @Test
    void outputWithoutFinalNewlineIsFlushedAsAPartialRecordAtEof() throws Exception {
        List<LogRecord> records = logOf("printf 'line\\nprompt> '");
        assertEquals(List.of("stdout:line\n", "stdout:prompt> "), texts(records));
        assertTrue(records.get(1).partial());
    }

    @Test
    void binaryBytesSurviveExactly() throws Exception {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            w.pump(new ByteArrayInputStream(all), Source.STDERR);
        }
        List<LogRecord> records = log.read(LogQuery.all());
        byte[] joined = records.stream().map(LogRecord::bytes)
                .reduce(new byte[0], ContainerLogTest::concat);
        assertArrayEquals(all, joined);
        assertEquals(4, records.size()); // split at each of the three '\n' bytes, the rest at EOF
    }

    @Test
    void multibyteCharactersSplitAt16KiBAreReassembledExactly() throws Exception {
        String text = "é".repeat(10000) + "\n"; // 20001 bytes: the cut falls inside no character boundary rule
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            w.pump(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Source.STDOUT);
        }
        byte[] joined = log.read(LogQuery.all()).stream().map(LogRecord::bytes).reduce(new byte[0], ContainerLogTest::concat);
        assertEquals(text, new String(joined, StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void tailReturnsTheLastRecords() throws Exception {
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            for (int i = 1; i <= 10; i++) {
                w.append(Source.STDOUT, ("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("stdout:line 8\n", "stdout:line 9\n", "stdout:line 10\n"), texts(log.tail(3)));
        assertEquals(10, log.tail(100).size());
        assertEquals(List.of(), log.tail(0));
    }

    @Test
    void sinceAndUntilSelectByTime() throws Exception {
        ContainerLog log = log();
        Instant middle;
        try (ContainerLogWriter w = log.openWriter()) {
            w.append(Source.STDOUT, "early\n".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(20);
            middle = Instant.now();
            Thread.sleep(20);
            w.append(Source.STDOUT, "late\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("stdout:late\n"), texts(log.read(LogQuery.all().since(middle))));
        assertEquals(List.of("stdout:early\n"), texts(log.read(LogQuery.all().until(middle))));
        // Like docker logs: the tail is taken first, then filtered by time.
        assertEquals(List.of(), texts(log.read(LogQuery.all().tail(1).until(middle))));
    }

    @Test
    void readsLinesWrittenByDockerAndSkipsOnesItCannotParse() throws Exception {
        ContainerLog log = log();
        Files.writeString(log.file(), String.join("\n",
                "{\"log\":\"hello\\n\",\"stream\":\"stderr\",\"attrs\":{\"tag\":\"web\"},\"time\":\"2024-01-02T03:04:05.5Z\"}",
                "not json",
                "{\"log\":\"x\",\"stream\":\"stdin\",\"time\":\"2024-01-02T03:04:06Z\"}",
                "{\"log\":\"bye\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:07.000000001Z\"}",
                "{\"log\":\"half-written"));
        List<LogRecord> records = log.read(LogQuery.all());
        assertEquals(List.of(new LogRecord(Source.STDERR, Instant.parse("2024-01-02T03:04:05.5Z"), "hello\n".getBytes(StandardCharsets.UTF_8)),
                new LogRecord(Source.STDOUT, Instant.parse("2024-01-02T03:04:07.000000001Z"), "bye\n".getBytes(StandardCharsets.UTF_8))),
                records);
    }

    @Test
    void readingAMissingLogGivesNoRecords() throws Exception {
        assertEquals(List.of(), log().read(LogQuery.all()));
        assertFalse(log().isBeingWritten());
    }

    @Test
    void followSeesRecordsWrittenLaterAndEndsAtClose() throws Exception {
        ContainerLog log = log();
        ContainerLogWriter w = log.openWriter();
        w.append(Source.STDOUT, "before\n".getBytes(StandardCharsets.UTF_8));
        try (LogFollower f = log.follow(LogQuery.all())) {
            assertEquals("before\n", f.poll(Duration.ofSeconds(5)).orElseThrow().text());
            assertEquals(Optional.empty(), f.poll(Duration.ofMillis(100)));
            assertFalse(f.ended());
            w.append(Source.STDERR, "after\n".getBytes(StandardCharsets.UTF_8));
            LogRecord later = f.poll(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(Source.STDERR, later.source());
            assertEquals("after\n", later.text());
            w.append(Source.STDOUT, "last words\n".getBytes(StandardCharsets.UTF_8));
            w.close();
            assertTrue(f.hasNext());
            assertEquals("last words\n", f.next().text());
            assertFalse(f.hasNext());
            assertTrue(f.ended());
        }
    }

    @Test
    void followAsAStreamBlocksUntilTheWriterCloses() throws Exception {
        ContainerLog log = log();
        ContainerLogWriter w = log.openWriter();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    Thread.sleep(30);
                    w.append(Source.STDOUT, ("n" + i + "\n").getBytes(StandardCharsets.UTF_8));
                }
                w.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        producer.start();
        List<String> seen;
        try (var records = log.follow(LogQuery.all()).stream()) {
            seen = records.map(LogRecord::text).toList();
        }
        producer.join();
        assertEquals(List.of("n0\n", "n1\n", "n2\n", "n3\n", "n4\n"), seen);
    }

    @Test
    void followWithTailStartsAtTheLastRecords() throws Exception {
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            for (int i = 1; i <= 5; i++) {
                w.append(Source.STDOUT, (i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        try (LogFollower f = log.follow(LogQuery.all().tail(2))) {
            assertEquals(List.of("4\n", "5\n"), f.stream().map(LogRecord::text).toList());
        }
    }

    @Test
    void followOfALogNobodyWritesEndsAtOnce() throws Exception {
        try (LogFollower f = log().follow(LogQuery.all())) {
            assertFalse(f.hasNext());
        }
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstIsOpen() throws Exception {
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            IOException e = assertThrows(IOException.class, log::openWriter);
            assertTrue(e.getMessage().contains("already being written by process " + ProcessHandle.current().pid()), e.getMessage());
        }
        log.openWriter().close(); // free again once closed
    }

    @Test
    void reopeningAppendsAndRepairsALineTornByACrash() throws Exception {
        ContainerLog log = log();
        try (ContainerLogWriter w = log.openWriter()) {
            w.append(Source.STDOUT, "first run\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(log.file(), "{\"log\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        try (ContainerLogWriter w = log.openWriter()) {
            w.append(Source.STDOUT, "second run\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("stdout:first run\n", "stdout:second run\n"), texts(log.read(LogQuery.all())));
    }

    @Test
    void aFullDiskDoesNotBlockTheContainerAndIsReportedAtClose() throws Exception {
        Path full = dir.resolve("full.log");
        Files.createSymbolicLink(full, Path.of("/dev/full")); // every write fails with ENOSPC
        ContainerLogWriter w = ContainerLog.at(full).openWriter();
        // Far more than a pipe holds: the process only finishes if the pump keeps draining.
        Process p = new ProcessBuilder("/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x").start();
        w.pump(p.getInputStream(), Source.STDOUT);
        assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the process blocked on its pipe");
        IOException e = assertThrows(IOException.class, w::close);
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        Files.delete(full);
    }

    @Test
    void appendAfterCloseIsIgnored() throws Exception {
        ContainerLog log = log();
        ContainerLogWriter w = log.openWriter();
        w.close();
        w.append(Source.STDOUT, "too late\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), log.read(LogQuery.all()));
        assertThrows(IllegalStateException.class, () -> w.pump(new ByteArrayInputStream(new byte[0]), Source.STDOUT));
    }
}
