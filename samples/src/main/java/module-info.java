/** Runnable sample programs on the Berth API. */
module dev.berth.samples {
    requires dev.berth;
    requires dev.berth.overlayfs;

    exports dev.berth.samples;
}
