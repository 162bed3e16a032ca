package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OverlayIndexTest {
    @Test
    void theIndexOptionCameWithKernel4Point13() {
        assertTrue(OverlayIndex.supports("6.18.44-fc-v1272"));
        assertTrue(OverlayIndex.supports("4.13.0"));
        assertTrue(OverlayIndex.supports("5.4.0-42-generic"));
        assertFalse(OverlayIndex.supports("4.12.14"));
        assertFalse(OverlayIndex.supports("3.10.0-1160.el7.x86_64"));
        assertFalse(OverlayIndex.supports(""));
    }
}
