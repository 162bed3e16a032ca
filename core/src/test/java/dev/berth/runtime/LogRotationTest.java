package dev.berth.runtime;

import dev.berth.log.LogOptions;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.log.LogRecord.Source;
import dev.berth.testing.CapturedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rotation by the Java writer, and reading and following across it; no root needed. */
@Timeout(120)
class LogRotationTest {
    /** Longest record these tests write, as a line of the file: the slack a file may have. */
    static final int RECORD = 120;

    @TempDir
    Path dir;

    static byte[] line(int n) {
        return String.format("line %07d\n", n).getBytes(StandardCharsets.UTF_8);
    }

    /** The numbers of the records, which must be consecutive. */
    static List<Integer> numbers(List<LogRecord> records) {
        List<Integer> out = new ArrayList<>();
        for (LogRecord r : records) {
            out.add(Integer.parseInt(r.text().substring(5, 12)));
        }
        return out;
    }

    static void assertConsecutive(List<Integer> numbers, int last) {
        assertFalse(numbers.isEmpty(), "no records");
        int first = numbers.get(0);
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != first + i) {
                throw new AssertionError("record " + i + " is line " + numbers.get(i) + ", expected " + (first + i)
                        + " (a gap or a duplicate)");
            }
        }
        assertEquals(last, numbers.get(numbers.size() - 1), "the newest line is missing");
    }

    /** log.json and its rotated files: never more than max-file, none bigger than max-size. */
    static void assertWithinCap(ContainerLog log) throws IOException {
        LogOptions o = log.options();
        List<Path> files;
        try (Stream<Path> s = Files.list(log.file().getParent())) {
            files = s.filter(p -> p.getFileName().toString().matches("log\\.json(\\.[0-9]+)?")).toList();
        }
        assertTrue(files.size() <= o.maxFiles(), "more files than max-file: " + files);
        long total = 0;
        for (Path f : files) {
            long size = Files.size(f);
            assertTrue(size <= o.maxSize(), f + " has " + size + " bytes, over max-size " + o.maxSize());
            total += size;
        }
        assertTrue(total <= o.maxSize() * o.maxFiles(), "the log holds " + total + " bytes");
    }

    ContainerLog log(long maxSize, int maxFiles) {
        return ContainerLog.at(dir.resolve("log.json"), new LogOptions(maxSize, maxFiles));
    }

    @Test
    void theLogKeepsMaxFilesOfAtMostMaxSizeAndTheNewestLinesInOrder() throws Exception {
        ContainerLog log = log(4096, 3);
        try (ContainerLogWriter w = log.openWriter()) {
            for (int i = 1; i <= 3000; i++) {
                w.append(Source.STDOUT, line(i));
                if (i % 100 == 0) {
                    assertWithinCap(log);
                }
            }
        }
        assertWithinCap(log);
        assertTrue(Files.exists(dir.resolve("log.json.2")) && Files.notExists(dir.resolve("log.json.3")),
                "expected log.json, .1 and .2");
        List<Integer> kept = numbers(log.read(LogQuery.all()));
        assertConsecutive(kept, 3000);
        // Two full files and the current one: at least 2 x (max-size - one record) of lines.
        assertTrue(kept.size() * 80 > 2 * (4096 - RECORD), kept.size() + " lines kept");
        assertEquals(List.of(2999, 3000), numbers(log.tail(2)));
    }

    @Test
    void oneFileIsStartedAfreshWhenFull() throws Exception {
        ContainerLog log = log(2048, 1);
        try (ContainerLogWriter w = log.openWriter()) {
            for (int i = 1; i <= 500; i++) {
                w.append(Source.STDOUT, line(i));
            }
        }
        assertWithinCap(log);
        assertConsecutive(numbers(log.read(LogQuery.all())), 500);
    }

    @Test
    void aReopenedWriterRotatesOnFromTheSizeThere() throws Exception {
        ContainerLog log = log(4096, 2);
        for (int run = 0; run < 3; run++) {
            try (ContainerLogWriter w = log.openWriter()) {
                for (int i = 1; i <= 40; i++) {
                    w.append(Source.STDOUT, line(run * 40 + i));
                }
            }
            assertWithinCap(log);
        }
        assertConsecutive(numbers(log.read(LogQuery.all())), 120);
    }

    /**
     * A follower of the files (another JVM's view) crosses each rotation: the writer renames the
     * file it reads under it. The writer waits now and then until the follower is at most a chunk
     * behind, so that it never falls behind by the whole log, which would lose records by design.
     */
    @Test
    void aFileFollowerSeesEveryLineOnceAcrossRotations() throws Exception {
        ContainerLog log = log(4096, 3);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        try (ContainerLogWriter w = log.openWriter(); LogFollower f = log.follow(LogQuery.all())) {
            Thread reader = new Thread(() -> f.forEachRemaining(r -> seen.add(numbers(List.of(r)).get(0))));
            reader.start();
            int chunk = 70; // about 1.4 files of lines: every chunk rotates once or twice
            for (int i = 1; i <= 2100; i++) {
                w.append(Source.STDOUT, line(i));
                if (i % chunk == 0) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (seen.size() < i - chunk && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                }
            }
            w.close();
            reader.join(30_000);
            assertFalse(reader.isAlive(), "the follower did not end when the writer closed");
        }
        assertEquals(2100, seen.size(), "lines lost or repeated");
        assertConsecutive(seen, 2100);
        assertEquals(1, seen.get(0));
    }

    /** A follower of this JVM's writer gets each record from it: nothing lost however fast the files turn over. */
    @Test
    void theWritersFollowerSeesEveryLineOnceHoweverFastTheLogRotates() throws Exception {
        ContainerLog log = log(1024, 2);
        List<Integer> seen = new ArrayList<>();
        try (ContainerLogWriter w = log.openWriter()) {
            for (int i = 1; i <= 50; i++) {
                w.append(Source.STDOUT, line(i));
            }
            try (LogFollower f = w.follow(LogQuery.all())) {
                for (int i = 51; i <= 20000; i++) {
                    w.append(Source.STDOUT, line(i));
                }
                w.close();
                f.forEachRemaining(r -> seen.add(numbers(List.of(r)).get(0)));
            }
        }
        assertWithinCap(log);
        // What was still on disk when it started, then every line after.
        assertConsecutive(seen, 20000);
        assertTrue(seen.get(0) <= 51, "started at line " + seen.get(0));
    }

    @Test
    void aFullDiskIsNamedOnceAndTheWritersFollowerStillGetsEveryRecord() throws Exception {
        Path full = dir.resolve("log.json");
        Files.createSymbolicLink(full, Path.of("/dev/full")); // every write fails with ENOSPC
        ContainerLog log = ContainerLog.at(full, new LogOptions(4096, 2));
        CapturedLog warnings = CapturedLog.of(ContainerLogWriter.class);
        List<Integer> seen = new ArrayList<>();
        try {
            ContainerLogWriter w = log.openWriter("container full-test");
            try (LogFollower f = w.follow(LogQuery.all())) {
                for (int i = 1; i <= 5000; i++) {
                    w.append(Source.STDOUT, line(i));
                }
                IOException closing = assertThrows(IOException.class, w::close);
                assertTrue(closing.getMessage().contains("No space left on device"), closing.getMessage());
                f.forEachRemaining(r -> seen.add(numbers(List.of(r)).get(0)));
                assertEquals(full + ": No space left on device", f.writeFailure().orElseThrow());
            }
        } finally {
            warnings.close();
        }
        assertEquals(5000, seen.size());
        assertConsecutive(seen, 5000);
        assertEquals(1, warnings.records().size(), "one warning, not one per write: " + warnings.records());
        assertEquals("the log of container full-test is no longer written: " + full + ": No space left on device",
                warnings.records().get(0).getMessage());
        // Kept for other readers, e.g. another JVM's berth logs.
        assertEquals(full + ": No space left on device", log.writeFailure().orElseThrow());
        assertFalse(log.isBeingWritten());
        Files.delete(full);
    }

    @Test
    void logOptionsAreParsedAsDockerTakesThem() {
        assertEquals(new LogOptions(10L << 20, 5), LogOptions.DEFAULT.with("max-size=10m"));
        assertEquals(new LogOptions(20L << 20, 3), LogOptions.DEFAULT.with("max-file=3"));
        assertEquals(512, LogOptions.DEFAULT.with("max-size=512").maxSize());
        assertEquals(64L << 10, LogOptions.DEFAULT.with("max-size=64k").maxSize());
        assertEquals(1L << 30, LogOptions.DEFAULT.with("max-size=1G").maxSize());
        assertEquals(new LogOptions(20L << 20, 5), LogOptions.DEFAULT);
        assertBad("max-size=0", "max-size=0: max-size must be a positive size");
        assertBad("max-size=-1", "max-size=-1: max-size must be a positive size");
        assertBad("max-size=ten", "max-size=ten: max-size must be a positive size");
        assertBad("max-file=0", "max-file=0: max-file must be a number of at least 1");
        assertBad("max-file=x", "max-file=x: max-file must be a number of at least 1");
        assertBad("colour=red", "unknown log option \"colour\"");
        assertBad("max-size", "invalid log option \"max-size\": expected KEY=VALUE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LogOptions(10, 0));
        assertEquals("log option max-file must be at least 1, got 0", e.getMessage());
    }

    static void assertBad(String option, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogOptions.DEFAULT.with(option));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
