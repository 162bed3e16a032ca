package dev.berth.overlayfs.apply;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded, process-wide stock of byte arrays of one size, for the pipes that carry a layer from
 * its download to its files. Arrays taken here and given back are used again by the next layer
 * and the next pull instead of being allocated afresh: in the JFR profile of #20 those fresh
 * arrays (about 30 MB per 100 MB pulled) filled the young generation while they were still in
 * flight, so every young collection during a pull copied them (pauses of 30–90 ms). Kept arrays
 * stay in the old generation and are never copied. Arrays beyond the bound are left to the
 * collector, so the stock holds at most {@code size × max} bytes.
 *
 * <p>An array is given back only by the one holder that is done with it; its old contents are
 * never read again (users always fill before they read, by length).
 */
public final class SpareBuffers {
    /** 256 KiB: far less than half a G1 region, so never a humongous object, and few system calls. */
    public static final SpareBuffers LAYER_CHUNKS = new SpareBuffers(256 * 1024, 32);

    private final int size;
    private final BlockingQueue<byte[]> spare;

    /** A stock of arrays of {@code size} bytes that keeps at most {@code max} of them. */
    public SpareBuffers(int size, int max) {
        if (size <= 0 || max <= 0) {
            throw new IllegalArgumentException("size and max must be positive: " + size + ", " + max);
        }
        this.size = size;
        this.spare = new ArrayBlockingQueue<>(max);
    }

    /** The size of the arrays. */
    public int size() {
        return size;
    }

    /** A kept array, or a new one when none is left; its contents are arbitrary. */
    public byte[] take() {
        byte[] b = spare.poll();
        return b != null ? b : new byte[size];
    }

    /** Keeps {@code b} for a later {@link #take} (unless the stock is full); the caller no longer uses it. */
    public void give(byte[] b) {
        if (b != null && b.length == size) {
            spare.offer(b);
        }
    }
}
