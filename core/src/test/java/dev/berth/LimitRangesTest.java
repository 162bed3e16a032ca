package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The memory and CPU limits dockerd refuses, refused with its messages. */
class LimitRangesTest {
    @Test
    void memoryBelowSixMegabytesIsRefused() {
        assertEquals(0, LimitRanges.memory(0), "0 is no limit");
        assertEquals(6L << 20, LimitRanges.memory(6L << 20));
        for (long bytes : new long[] {1, 5000L << 10, (6L << 20) - 1, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LimitRanges.memory(bytes));
            assertEquals("Minimum memory limit allowed is 6MB", e.getMessage(), Long.toString(bytes));
        }
    }

    @Test
    void cpusOutsideOneHundredthToTheHostsCountAreRefused() {
        assertEquals(0, LimitRanges.cpus(0, 2), "0 is no limit");
        assertEquals(0.01, LimitRanges.cpus(0.01, 2));
        assertEquals(2.0, LimitRanges.cpus(2, 2));
        for (double cpus : new double[] {0.009, 2.01, 5, -1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LimitRanges.cpus(cpus, 2));
            assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", e.getMessage(),
                    Double.toString(cpus));
        }
    }
}
