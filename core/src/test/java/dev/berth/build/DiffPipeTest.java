package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pipe from a step's diff to the layer applier (see {@link LayerCommit}). */
class DiffPipeTest {
    @Test
    @Timeout(20)
    void theReaderGetsEveryByteInOrderWhateverTheWriteSizes() throws Exception {
        byte[] data = new byte[DiffPipe.CHUNK * (DiffPipe.CHUNKS * 3) + 12345];
        new Random(18).nextBytes(data);
        DiffPipe pipe = new DiffPipe();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = pipe.source()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[7777];
                for (int n; (n = in.read(buf)) != -1; ) {
                    out.write(buf, 0, n);
                    if (out.size() < 10) {
                        out.write(in.read()); // single-byte reads too
                    }
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (DiffPipe.Sink sink = pipe.sink()) {
            int at = 0;
            Random sizes = new Random(1);
            while (at < data.length) {
                if (sizes.nextInt(10) == 0) {
                    sink.write(data[at++]);
                } else {
                    int n = Math.min(data.length - at, 1 + sizes.nextInt(3 * DiffPipe.CHUNK));
                    sink.write(data, at, n);
                    at += n;
                }
            }
        }
        assertArrayEquals(data, read.get(10, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(20)
    void aWriterIsNotBlockedByAReaderThatStopped() throws Exception {
        DiffPipe pipe = new DiffPipe();
        InputStream in = pipe.source();
        in.close(); // the applier failed early and closed its end
        byte[] chunk = new byte[DiffPipe.CHUNK];
        try (DiffPipe.Sink sink = pipe.sink()) {
            for (int i = 0; i < DiffPipe.CHUNKS * 10; i++) {
                sink.write(chunk); // far more than the pipe holds: dropped, not waited on
            }
        }
    }

    @Test
    @Timeout(20)
    void aFailedWriterMakesTheReaderFailNotEnd() throws Exception {
        DiffPipe pipe = new DiffPipe();
        DiffPipe.Sink sink = pipe.sink();
        sink.write(new byte[DiffPipe.CHUNK * 2 + 1]);
        CompletableFuture<IOException> read = CompletableFuture.supplyAsync(() -> assertThrows(IOException.class, () -> {
            try (InputStream in = pipe.source()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }));
        sink.fail(new IOException("upper unreadable"));
        IOException e = read.get(10, TimeUnit.SECONDS);
        assertTrue(e.getMessage().contains("upper unreadable"), e.getMessage());
    }
}
