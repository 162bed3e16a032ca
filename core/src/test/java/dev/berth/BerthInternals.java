package dev.berth;

import dev.berth.image.remote.RegistryClients;
import dev.berth.image.store.ImageStore;

/**
 * What tests outside {@code dev.berth} reach of a Berth that its API keeps inside: the image
 * store, and registry clients other than the defaults (anonymous ones for a local registry).
 */
public final class BerthInternals {
    private BerthInternals() {
    }

    /** The image store of {@code berth}. */
    public static ImageStore store(Berth berth) {
        return berth.store();
    }

    /** {@code builder} with registries reached through {@code registries}. */
    public static Berth.Builder registries(Berth.Builder builder, RegistryClients registries) {
        return builder.registries(registries);
    }
}
