package dev.berth.overlayfs;

import java.io.IOException;

/**
 * A layer that cannot be applied, diffed or stored: a hostile or malformed entry, a limit
 * exceeded, or a digest that does not match. When it concerns one tar entry, {@link #entry()}
 * names it. See <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec layer.md</a>.
 */
public class LayerException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String entry;

    public LayerException(String message) {
        super(message);
        this.entry = null;
    }

    /** An error about the layer as a whole, caused by {@code cause}. */
    public LayerException(String message, Throwable cause) {
        super(message, cause);
        this.entry = null;
    }

    public LayerException(String entry, String message) {
        super("layer entry '" + entry + "': " + message);
        this.entry = entry;
    }

    public LayerException(String entry, String message, Throwable cause) {
        super("layer entry '" + entry + "': " + message, cause);
        this.entry = entry;
    }

    /** The tar entry name as it appears in the layer, or null when the error is not about one. */
    public String entry() {
        return entry;
    }
}
