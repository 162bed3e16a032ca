package dev.berth.overlayfs.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which failed steps of the trial launch show that overlay mounted in the user namespace. */
class UserNamespaceOverlayTrialTest {
    @Test
    void aStepAfterTheRootsOverlayShowsThatItMounted() {
        assertTrue(UserNamespaceOverlayTrial.afterTheOverlay("execve /berth-overlay-trial"));
        // a pod's masked /proc: the kernel refuses the proc mount, after the overlay worked
        assertTrue(UserNamespaceOverlayTrial.afterTheOverlay("mount proc on /proc"));
        assertTrue(UserNamespaceOverlayTrial.afterTheOverlay("bind /dev/null on /dev/null"));
    }

    @Test
    void theOverlayMountOrAStepBeforeItShowsNothingOfOverlay() {
        assertFalse(UserNamespaceOverlayTrial.afterTheOverlay("mount overlay on /: overlayfs: wrong option"));
        assertFalse(UserNamespaceOverlayTrial.afterTheOverlay("make / private"));
        assertFalse(UserNamespaceOverlayTrial.afterTheOverlay("unshare"));
        assertFalse(UserNamespaceOverlayTrial.afterTheOverlay(null));
    }
}
