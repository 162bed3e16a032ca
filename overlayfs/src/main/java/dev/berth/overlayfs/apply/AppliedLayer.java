package dev.berth.overlayfs.apply;

/**
 * The outcome of applying one layer: its diffID ({@code sha256:} of the uncompressed tar,
 * computed while applying), the uncompressed size, the number of tar entries, the size of its
 * content, and whether the result depends on the layers below ({@code dependsOnLowers}: a
 * directory was made only as the parent of an entry, where a lower layer's directory or symlink
 * may be; applied without its lower layers such a layer may come out otherwise than containerd
 * would apply it). See
 * <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-diffid">image-spec config.md, Layer DiffID</a>.
 *
 * @param contentSize the bytes of its regular files and symlink targets, without tar headers or
 *     padding: what dockerd reports as a layer's size (its overlay2 diff directory's size)
 * @param skippedDevices the device nodes left out because this process cannot make them (without root)
 */
public record AppliedLayer(String diffId, long uncompressedSize, long entries, long contentSize,
        boolean dependsOnLowers, long skippedDevices) {
    /** A layer with every device node made. */
    public AppliedLayer(String diffId, long uncompressedSize, long entries, long contentSize, boolean dependsOnLowers) {
        this(diffId, uncompressedSize, entries, contentSize, dependsOnLowers, 0);
    }
}
