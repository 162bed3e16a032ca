package dev.berth.image.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {
    @Test
    void theReaderGetsEveryByteInOrderAcrossAFullPipe() throws Exception {
        byte[] data = new byte[10 << 20];
        new Random(7).nextBytes(data);
        ChunkPipe pipe = new ChunkPipe();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.input().readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        for (int off = 0; off < data.length; off += 65536) {
            pipe.write(data, off, Math.min(65536, data.length - off));
        }
        pipe.close();
        assertArrayEquals(data, read.get(30, TimeUnit.SECONDS));
    }

    /**
     * Buffers are recycled: the writer's own buffer is overwritten right after each write (as a
     * download reuses its buffer), writes come in odd sizes, some larger than one chunk, and
     * the reader reads in other odd sizes; every byte still arrives once, in order.
     */
    @Test
    void recycledBuffersNeverMixBytesWhateverTheWriteAndReadSizes() throws Exception {
        byte[] data = new byte[12 << 20];
        new Random(11).nextBytes(data);
        ChunkPipe pipe = new ChunkPipe();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] b = new byte[77_777];
                Random sizes = new Random(3);
                int n;
                while ((n = pipe.input().read(b, 0, 1 + sizes.nextInt(b.length))) >= 0) {
                    out.write(b, 0, n);
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] reused = new byte[200_000];
        Random sizes = new Random(5);
        for (int off = 0; off < data.length;) {
            int n = Math.min(1 + sizes.nextInt(reused.length), data.length - off);
            System.arraycopy(data, off, reused, 0, n);
            pipe.write(reused, 0, n);
            java.util.Arrays.fill(reused, (byte) 0x5a); // what a reused download buffer does next
            off += n;
        }
        pipe.close();
        assertArrayEquals(data, read.get(60, TimeUnit.SECONDS));
    }

    @Test
    void abandoningReleasesABlockedWriterAndFailsTheReader() throws Exception {
        ChunkPipe pipe = new ChunkPipe();
        byte[] chunk = new byte[1024];
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 1000; i++) { // far more than the pipe holds: blocks until abandoned
                    pipe.write(chunk, 0, chunk.length);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200);
        assertTrue(!writer.isDone(), "the writer waits while nobody reads");
        pipe.abandon();
        writer.get(10, TimeUnit.SECONDS);
        assertThrows(IOException.class, () -> pipe.input().readAllBytes());
    }
}
