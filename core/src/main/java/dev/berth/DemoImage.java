package dev.berth;

import dev.berth.image.oci.RuntimeConfig;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.cgroup.CgroupDelegation;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.rootfs.BusyboxTree;
import dev.berth.overlayfs.FileTrees;
import dev.berth.runtime.ImageCommit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Berth's embedded default image, {@value #REFERENCE}: one layer made from the host's static
 * busybox ({@link BusyboxTree}) and a note saying where it came from, with {@code sh} as its
 * command. It is built with no registry and no network, which is what {@code berth demo} shows;
 * the layer is an <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">OCI layer</a>
 * like any pulled one.
 */
public final class DemoImage {
    /** Where the image is tagged. */
    public static final String REFERENCE = "localhost/berth-demo:latest";

    private DemoImage() {
    }

    /** The host's static busybox the image is built from, if this host has one. */
    public static Optional<Path> hostBusybox() {
        return BusyboxTree.hostBusybox();
    }

    /**
     * Why a container cannot get a memory limit of {@code memoryBytes} and a pids limit of
     * {@code pids} here, or empty when it can: root always can; without root, limits need a
     * delegated cgroup v2 subtree with those controllers. The demo runs without limits, and
     * says why, rather than failing.
     */
    public static Optional<String> limitsRefusal(long memoryBytes, int pids) {
        Host host = Host.system(); // the demo's edge: it runs on the real host
        if (host.isRoot()) {
            return Optional.empty();
        }
        return CgroupDelegation.refusal(host.cgroups().layout(), CgroupLimits.builder().memoryBytes(memoryBytes).pidsMax(pids).build());
    }

    /** Builds the image into {@code berth}'s store, replacing an older one, and returns it. */
    public static Image build(Berth berth) throws IOException {
        Files.createDirectories(berth.home());
        // Under the home, so the tree and the store share a file system.
        Path scratch = Files.createTempDirectory(berth.home(), ".demo-");
        try {
            Path tree = BusyboxTree.create(scratch.resolve("rootfs"));
            Files.writeString(tree.resolve("etc/berth-demo"), "built by berth demo from the host's "
                    + BusyboxTree.hostBusybox().orElseThrow() + ", with no network\n");
            RuntimeConfig config = new RuntimeConfig(null, null, List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), null,
                    List.of("sh"), null, "/", Map.of("org.opencontainers.image.title", "berth-demo"),
                    null, null, null, null, null);
            ImageCommit.commit(berth.host(), berth.store(), null, ImageCommit.Changes.ofUpper(tree), REFERENCE, "berth demo: busybox from the host", null, config);
            return berth.image(REFERENCE);
        } finally {
            FileTrees.delete(scratch);
        }
    }
}
