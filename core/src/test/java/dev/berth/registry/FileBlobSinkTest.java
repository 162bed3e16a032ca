package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobSinkTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("blobs"))) {
            return s.toList();
        }
    }

    @Test
    void targetAppearsOnlyOnCommit() throws IOException {
        Path target = dir.resolve("blobs/abc");
        FileBlobSink sink = BlobSink.toFile(target);
        sink.write(new byte[] {1, 2, 3}, 0, 3);
        assertFalse(Files.exists(target));
        sink.commit();
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void restartDropsWhatWasWritten() throws IOException {
        Path target = dir.resolve("blobs/abc");
        FileBlobSink sink = BlobSink.toFile(target);
        sink.write(new byte[] {9, 9}, 0, 2);
        sink.restart();
        sink.write(new byte[] {1}, 0, 1);
        sink.commit();
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
    }

    @Test
    void aSinkSyncedByItsCallerKeepsEveryByteThroughFlushesAheadAndARestart() throws IOException {
        // 20 MiB crosses the flush-ahead and writeback marks several times; the background
        // flushes hold descriptors of the temp file, which the commit renames meanwhile.
        byte[] data = new byte[20 << 20];
        new java.util.Random(7).nextBytes(data);
        Path target = dir.resolve("blobs/big");
        FileBlobSink sink = FileBlobSink.syncedByCaller(target);
        sink.write(data, 0, 9 << 20);
        sink.restart();
        for (int off = 0; off < data.length; off += 300_000) {
            sink.write(data, off, Math.min(300_000, data.length - off));
        }
        sink.commit();
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void discardLeavesNothingBehind() throws IOException {
        FileBlobSink sink = BlobSink.toFile(dir.resolve("blobs/abc"));
        sink.write(new byte[] {1}, 0, 1);
        sink.discard();
        assertEquals(List.of(), files());
    }

    @Test
    void memorySinkHidesBytesUntilCommitted() {
        MemoryBlobSink sink = BlobSink.inMemory();
        sink.write(new byte[] {5}, 0, 1);
        assertThrows(IllegalStateException.class, sink::bytes);
        sink.commit();
        assertArrayEquals(new byte[] {5}, sink.bytes());
    }
}
