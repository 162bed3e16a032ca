package dev.berth;

import dev.berth.image.store.ImageStore;

/**
 * What tests outside {@code dev.berth} reach of a Berth that its API keeps inside: the image
 * store.
 */
public final class BerthInternals {
    private BerthInternals() {
    }

    /** The image store of {@code berth}. */
    public static ImageStore store(Berth berth) {
        return berth.store();
    }
}
