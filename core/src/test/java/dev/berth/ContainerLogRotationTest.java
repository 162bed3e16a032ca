package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.ContainerLog;
import dev.berth.log.LogStream;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A container printing far past max-size x max-file: the files on disk stay within the cap,
 * {@code logs} has the newest lines in order, and a follower started before the output sees each
 * line once across the rotations; for both writers, the stage-1 helper (detached) and this JVM
 * (attached).
 */
@Timeout(300)
class ContainerLogRotationTest extends BusyboxContainers {
    /** A record of these lines is about 80 bytes; one of them is the slack a file may have. */
    static final long RECORD = 100;

    /** Waits for /go, then prints 1..lines, pausing after every chunk (0: never). */
    static String[] printer(int lines, int chunk) {
        String loop = chunk == 0 ? "seq 1 " + lines
                : "i=0; while [ $i -lt " + lines + " ]; do seq $((i+1)) $((i+" + chunk + ")); i=$((i+" + chunk + ")); sleep 0.05; done";
        return new String[] {"sh", "-c", "while [ ! -e /go ]; do sleep 0.05; done; " + loop};
    }

    /** The log's files: never more than max-file, none past max-size by more than a record. */
    static int assertWithinCap(ContainerLog log) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(log.file().getParent())) {
            files = s.filter(p -> p.getFileName().toString().matches("log\\.json(\\.[0-9]+)?")).toList();
        }
        assertTrue(files.size() <= log.options().maxFiles(), "more files than max-file: " + files);
        for (Path f : files) {
            long size;
            try {
                size = Files.size(f);
            } catch (java.nio.file.NoSuchFileException e) {
                size = 0; // rotated out since the listing: the writer runs on
            }
            assertTrue(size <= log.options().maxSize() + RECORD, f + " has " + size + " bytes");
        }
        return files.size();
    }

    static void assertConsecutive(List<Integer> numbers, int last) {
        assertFalse(numbers.isEmpty(), "no lines");
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != numbers.get(0) + i) {
                throw new AssertionError("line " + i + " is " + numbers.get(i) + ", expected " + (numbers.get(0) + i)
                        + " (a gap or a duplicate)");
            }
        }
        assertEquals(last, numbers.get(numbers.size() - 1), "the newest line is missing");
    }

    static List<Integer> numbers(String text) {
        List<Integer> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                out.add(Integer.parseInt(l));
            }
        }
        return out;
    }

    /** Follows on a thread of its own, checking the cap on disk as the lines come. */
    static Thread follow(LogStream f, ContainerLog log, List<Integer> seen, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                while (f.hasNext()) {
                    LogRecord r = f.next();
                    seen.add(Integer.parseInt(r.text().strip()));
                    if (seen.size() % 500 == 0) {
                        assertWithinCap(log);
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-log-follower");
        t.start();
        return t;
    }

    void check(Container c, LogStream f, int lines) throws Exception {
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = follow(f, c.log(), seen, failure);
        ExecResult go = c.exec("touch", "/go");
        assertEquals(0, go.exitCode(), go.stderr());
        assertEquals(0, c.waitFor(Duration.ofSeconds(120)).orElseThrow(), "the container did not finish");
        reader.join(60_000);
        assertFalse(reader.isAlive(), "the follower did not end with the container");
        if (failure.get() != null) {
            throw new AssertionError("the follower failed", failure.get());
        }
        assertEquals(lines, seen.size(), "the follower lost or repeated lines");
        assertConsecutive(seen, lines);
        assertEquals(1, seen.get(0));
        assertEquals(c.log().options().maxFiles(), assertWithinCap(c.log()), "not every file is kept");
        List<Integer> kept = numbers(c.logs());
        assertConsecutive(kept, lines);
        assertTrue(kept.size() * RECORD > (c.log().options().maxFiles() - 1) * (c.log().options().maxSize() - RECORD),
                "only " + kept.size() + " lines kept");
        assertEquals(List.of(lines - 1, lines), numbers(c.logs(LogQuery.all().tail(2))));
    }

    /** The helper writes and rotates; this JVM follows the files as any other process would. */
    @Test
    void aDetachedContainersHelperRotatesItsLogAndAFollowerSeesEveryLineOnce() throws Exception {
        int lines = 10000;
        try (Container c = berth.container(IMAGE).user("0").detached(true).logMaxSize(48 << 10).logMaxFiles(4)
                .command(printer(lines, 100)).start()) {
            try (LogStream f = c.followLogs()) {
                check(c, f, lines);
            }
            c.remove();
        }
    }

    /** This JVM writes and rotates; its follower gets the lines from the writer, however fast they come. */
    @Test
    void anAttachedContainersLogRotatesAndItsFollowerSeesEveryLineOnce() throws Exception {
        int lines = 30000;
        try (Container c = berth.container(IMAGE).user("0").logMaxSize(16 << 10).logMaxFiles(3).command(printer(lines, 0)).start()) {
            try (LogStream f = c.followLogs()) {
                check(c, f, lines);
            }
        }
    }

    @Test
    void anotherJvmReadsTheRotatedFilesWithTheOptionsKeptInTheConfig() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).logMaxSize(8 << 10).logMaxFiles(2)
                .command("seq", "1", "3000").start()) {
            assertEquals(0, c.waitFor(Duration.ofSeconds(60)).orElseThrow());
            try (Berth other = Berth.builder().home(home).build()) {
                Container seen = other.findContainer(c.id()).orElseThrow();
                assertEquals(c.log().options(), seen.log().options());
                List<Integer> kept = numbers(seen.logs());
                assertConsecutive(kept, 3000);
                assertTrue(kept.size() > 8 * 1024 / RECORD, "the rotated file was not read: " + kept.size() + " lines");
            }
            c.remove();
        }
    }
}
