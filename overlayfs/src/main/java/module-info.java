/**
 * Berth's file-system layers: applying untrusted tar layers, overlay mounts, reproducible diffs,
 * the storage drivers and the layer store.
 *
 * <p>Only {@link dev.berth.overlayfs} is public API; the layer packages are exported to core
 * alone.
 */
module dev.berth.overlayfs {
    requires transitive dev.berth.namespaces;
    requires org.apache.commons.compress;
    requires com.github.luben.zstd_jni;

    exports dev.berth.overlayfs;

    exports dev.berth.overlayfs.apply to dev.berth;
    exports dev.berth.overlayfs.diff to dev.berth;
    exports dev.berth.overlayfs.driver to dev.berth;
    exports dev.berth.overlayfs.mount to dev.berth;
    exports dev.berth.overlayfs.store to dev.berth;
}
