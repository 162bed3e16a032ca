package dev.berth.runtime;

import dev.berth.log.LogQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The writer runs in another JVM ({@link LogWriterMain}); this one reads and follows the file. */
@Timeout(120)
class ContainerLogAcrossJvmsTest {
    @TempDir
    Path dir;
    Process writer;

    ContainerLog startWriterJvm() throws Exception {
        ContainerLog log = ContainerLog.at(dir.resolve("c.log"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LogWriterMain.class.getName(), log.file().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!log.isBeingWritten()) {
            assertTrue(writer.isAlive() && System.nanoTime() < deadline, "the writer JVM did not open the log");
            Thread.sleep(20);
        }
        return log;
    }

    @AfterEach
    void stopWriter() {
        if (writer != null) {
            writer.destroyForcibly();
        }
    }

    void send(String line) throws IOException {
        OutputStream in = writer.getOutputStream();
        in.write(line.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Test
    void followerInThisJvmSeesAnotherJvmsRecordsAndEndsWhenItCloses() throws Exception {
        ContainerLog log = startWriterJvm();
        List<String> seen = new ArrayList<>();
        try (LogFollower f = log.follow(LogQuery.all())) {
            send("one\n");
            seen.add(f.poll(Duration.ofSeconds(30)).orElseThrow().text());
            send("two\n");
            seen.add(f.poll(Duration.ofSeconds(30)).orElseThrow().text());
            send("three\n");
            writer.getOutputStream().close(); // EOF: the other JVM closes its writer and exits
            f.forEachRemaining(r -> seen.add(r.text()));
            assertTrue(f.ended());
        }
        assertEquals(List.of("one\n", "two\n", "three\n"), seen);
        assertEquals(0, writer.waitFor());
        assertEquals(3, log.read(LogQuery.all()).size());
    }

    @Test
    void followerEndsWhenTheWritingJvmDiesWithoutClosing() throws Exception {
        ContainerLog log = startWriterJvm();
        try (LogFollower f = log.follow(LogQuery.all())) {
            send("before the crash\n");
            assertEquals("before the crash\n", f.poll(Duration.ofSeconds(30)).orElseThrow().text());
            writer.destroyForcibly().waitFor();
            assertFalse(f.hasNext());
        }
        assertFalse(log.isBeingWritten());
    }
}
