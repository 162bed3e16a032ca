package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which bridges are kept idle, and that nothing is kept once closed. */
class IdleBridgesTest {
    @Test
    void aKeptBridgeExpiresThroughItsTimerAndItsNetworkKeepsItsRulesMeanwhile() throws Exception {
        IdleBridges idle = new IdleBridges(TimeUnit.MILLISECONDS.toNanos(50));
        CountDownLatch expired = new CountDownLatch(1);
        assertTrue(idle.keep("bridge", "berth12345678", expired::countDown));
        assertEquals(Set.of("bridge"), idle.networks());
        assertEquals("berth12345678", idle.get("bridge").bridge());
        assertTrue(expired.await(30, TimeUnit.SECONDS), "the timer never ran");
        assertTrue(idle.remaining(idle.get("bridge")) <= 0);
        idle.close();
    }

    @Test
    void closedOrWithoutAKeepTimeNothingIsKeptAndCloseHandsBackWhatWasIdle() {
        IdleBridges none = new IdleBridges(0);
        assertFalse(none.keep("bridge", "berth12345678", () -> { }));
        assertEquals(Set.of(), none.networks());

        IdleBridges idle = new IdleBridges(TimeUnit.HOURS.toNanos(1));
        assertTrue(idle.keep("apps", "berth87654321", () -> { }));
        Map<String, IdleBridges.Idle> left = idle.close();
        assertEquals(Set.of("apps"), left.keySet());
        assertEquals(Set.of(), idle.networks());
        assertFalse(idle.keep("apps", "berth87654321", () -> { }), "kept after close");
        assertNull(idle.get("apps"));
    }
}
