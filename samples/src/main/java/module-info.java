/** Runnable sample programs on the Berth API. */
module dev.berth.samples {
    requires dev.berth;
    requires dev.berth.overlayfs;
    requires jdk.httpserver; // SandboxService, the Kubernetes sample (samples/kubernetes)

    exports dev.berth.samples;
}
