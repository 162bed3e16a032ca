package dev.berth.dockerapi.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's stream multiplexing for a container without a TTY: each frame is an 8-byte header,
 * the stream (0 stdin, 1 stdout, 2 stderr, 3 system error), three zero bytes and the payload's
 * length as a big-endian uint32, then the payload.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.52/#tag/Container/operation/ContainerAttach">Stream format</a>
 */
public final class StreamFrames {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int SYSTEM_ERROR = 3;

    private StreamFrames() {}

    /** Writes one frame; nothing for an empty payload, which clients would read as the end. */
    public static void write(OutputStream out, int stream, byte[] payload, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        byte[] header = new byte[8];
        header[0] = (byte) stream;
        header[4] = (byte) (length >>> 24);
        header[5] = (byte) (length >>> 16);
        header[6] = (byte) (length >>> 8);
        header[7] = (byte) length;
        out.write(header);
        out.write(payload, offset, length);
    }

    /** An output stream whose writes become frames of {@code stream} on {@code out}. */
    public static OutputStream framing(OutputStream out, int stream) {
        return guarded(out, (b, off, len) -> StreamFrames.write(out, stream, b, off, len));
    }

    /**
     * An output stream whose writes go to {@code out} unframed (the one stream of a TTY), each
     * whole, as {@link #framing}'s, when two threads (stdout, stderr) write.
     */
    public static OutputStream raw(OutputStream out) {
        return guarded(out, out::write);
    }

    /** One write of a guarded stream. */
    private interface Chunk {
        void write(byte[] b, int off, int len) throws IOException;
    }

    private static OutputStream guarded(OutputStream out, Chunk chunk) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (out) { // writes from two threads must not interleave
                    chunk.write(b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                synchronized (out) {
                    out.flush();
                }
            }
        };
    }
}
