/**
 * Berth's file-system layers: applying untrusted tar layers, overlay mounts, reproducible diffs,
 * the storage drivers and the layer store.
 *
 * <p>It has no public API of its own: core is built on it, and the samples delete trees with
 * {@code FileTrees}.
 */
module dev.berth.overlayfs {
    requires transitive dev.berth.namespaces;
    requires org.apache.commons.compress;
    requires com.github.luben.zstd_jni;
    requires org.slf4j;

    exports dev.berth.overlayfs to dev.berth, dev.berth.samples;

    exports dev.berth.overlayfs.apply to dev.berth;
    exports dev.berth.overlayfs.diff to dev.berth;
    exports dev.berth.overlayfs.driver to dev.berth;
    exports dev.berth.overlayfs.mount to dev.berth;
    exports dev.berth.overlayfs.store to dev.berth;
}
