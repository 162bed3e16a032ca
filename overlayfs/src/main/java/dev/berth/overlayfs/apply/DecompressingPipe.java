package dev.berth.overlayfs.apply;

import dev.berth.overlayfs.LayerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The uncompressed layer stream, produced by a second thread that decompresses and computes the
 * sha256 (the diffID) while the caller's thread writes files: one pass over the data, on two
 * cores, as {@code tar -xzf} runs gzip beside tar. Chunks of 256 KiB are handed over through a
 * short queue and kept for later layers ({@link SpareBuffers#LAYER_CHUNKS}; 1 MiB arrays were
 * humongous objects in G1, allocated afresh for every layer). The stream is limited to {@code maxBytes} uncompressed bytes, which
 * also bounds a decompression bomb.
 */
final class DecompressingPipe extends InputStream {
    private static final SpareBuffers BUFFERS = SpareBuffers.LAYER_CHUNKS;
    private static final int CHUNK = BUFFERS.size();
    private static final int DEPTH = 4;

    private record Chunk(byte[] buf, int length, Throwable error) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1, null);

    private final InputStream source;
    private final long maxBytes;
    private final MessageDigest sha256;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH);
    private final Thread producer;
    private volatile boolean closed;
    private long produced;
    private Chunk current;
    private int pos;
    private boolean ended;

    DecompressingPipe(InputStream blob, String mediaType, long maxBytes) throws IOException {
        this.source = LayerCompression.decompress(blob, mediaType);
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.producer = new Thread(this::produce, "berth-layer-decompress");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            while (!closed) {
                byte[] buf = BUFFERS.take();
                int n = source.readNBytes(buf, 0, CHUNK);
                if (n > 0) {
                    produced += n;
                    if (produced > maxBytes) {
                        throw new LayerException("layer is larger than the limit of " + maxBytes
                                + " uncompressed bytes");
                    }
                    sha256.update(buf, 0, n);
                    full.put(new Chunk(buf, n, null));
                }
                if (n <= 0) {
                    BUFFERS.give(buf);
                }
                if (n < CHUNK) {
                    full.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the consumer
        } catch (Throwable t) {
            try {
                full.put(new Chunk(null, -1, t));
            } catch (InterruptedException e) {
                // closed by the consumer
            }
        }
    }

    private boolean next() throws IOException {
        if (ended) {
            return false;
        }
        if (current != null && current.buf() != null) {
            BUFFERS.give(current.buf()); // the producer is done with it, and so is this reader
        }
        try {
            current = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the layer");
        }
        pos = 0;
        if (current.error() != null) {
            ended = true;
            Throwable t = current.error();
            if (t instanceof IOException io) {
                throw LayerCompression.corrupt(io);
            }
            throw new IOException("decompressing the layer: " + t, t);
        }
        if (current == END) {
            ended = true;
            return false;
        }
        return true;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || pos >= current.length()) {
            if (!next()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.buf(), pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Reads to the end (tar's trailing blocks count in the diffID) and returns the stream's size. */
    long drain() throws IOException {
        while (next()) {
            pos = current.length();
        }
        return produced;
    }

    /** {@code sha256:<hex>} of the whole uncompressed stream; valid after {@link #drain()}. */
    String diffId() {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        producer.interrupt();
        try {
            // The decompressor is closed only once its thread has left it (zstd frees native state).
            producer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.close();
        }
    }
}
