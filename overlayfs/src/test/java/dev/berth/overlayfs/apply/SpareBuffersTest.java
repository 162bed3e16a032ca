package dev.berth.overlayfs.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpareBuffersTest {
    @Test
    void anArrayGivenBackIsTakenAgainInsteadOfANewOne() {
        SpareBuffers stock = new SpareBuffers(1024, 2);
        byte[] a = stock.take();
        assertEquals(1024, a.length);
        stock.give(a);
        assertSame(a, stock.take());
        assertNotSame(a, stock.take()); // the stock is empty again: a new array
    }

    @Test
    void theStockKeepsNoMoreThanItsBoundNorArraysOfAnotherSize() {
        SpareBuffers stock = new SpareBuffers(16, 2);
        byte[] a = stock.take();
        byte[] b = stock.take();
        byte[] c = stock.take();
        stock.give(a);
        stock.give(b);
        stock.give(c); // over the bound: left to the collector
        stock.give(new byte[8]); // another size: never handed out
        stock.give(null);
        assertSame(a, stock.take());
        assertSame(b, stock.take());
        byte[] fresh = stock.take();
        assertNotSame(c, fresh);
        assertEquals(16, fresh.length);
    }

    @Test
    void sizeAndBoundMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SpareBuffers(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SpareBuffers(1, 0));
    }

    @Test
    void layerChunksAreWellUnderHalfAG1Region() {
        // G1's smallest region is 1 MiB: an array of half a region or more is a humongous object.
        assertTrue(SpareBuffers.LAYER_CHUNKS.size() < 512 * 1024, "chunk of " + SpareBuffers.LAYER_CHUNKS.size());
    }
}
