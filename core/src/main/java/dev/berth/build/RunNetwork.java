package dev.berth.build;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.network.Attachment;
import dev.berth.network.Networks;
import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.RootfsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * The network of one {@code RUN} step, as {@code docker build --network} and
 * {@code RUN --network} choose it
 * (<a href="https://docs.docker.com/reference/dockerfile/#run---network">RUN --network</a>):
 * {@link #BRIDGE} (docker's {@code default}) an endpoint of its own on the home's default bridge,
 * whose outbound traffic is masqueraded, with the host's nameservers (Google's where the host
 * only has loopback ones) in {@code /etc/resolv.conf}; {@link #NONE} loopback only; {@link #HOST}
 * the host's network and name resolution. A bridge endpoint lives exactly as long as the step:
 * {@link #close()} removes it, and {@code Berth.open()} removes one a dead JVM left (its id is
 * derived from the step's scratch directory, see {@link BuildScratch#endpointId}).
 */
final class RunNetwork implements AutoCloseable {
    static final String BRIDGE = "default";
    static final String NONE = "none";
    static final String HOST = "host";
    /** The modes {@code --network} takes. */
    static final List<String> MODES = List.of(BRIDGE, NONE, HOST);

    private static final String HOSTNAME = "berth-build";
    private static final List<String> ETC_FILES = List.of("/etc/resolv.conf", "/etc/hosts");

    private final String mode;
    private final Attachment attachment;
    private final Path etc;

    private RunNetwork(String mode, Attachment attachment, Path etc) {
        this.mode = mode;
        this.attachment = attachment;
        this.etc = etc;
    }

    /** {@code mode} for the step whose scratch directory is {@code scratch}; a bridge endpoint is made now. */
    static RunNetwork open(Networks networks, String mode, Path scratch) throws IOException {
        if (!mode.equals(BRIDGE)) {
            return new RunNetwork(mode, null, null);
        }
        Path dir = Files.createDirectories(scratch.resolve("network"));
        Attachment a = networks.attachBuildStep(BuildScratch.endpointId(scratch), dir);
        try {
            Path etc = dir.resolve("etc");
            Files.writeString(etc.resolve("hosts"), EtcFiles.hosts(HOSTNAME, a.address().orElse(null), List.of()));
            return new RunNetwork(mode, a, etc);
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** Points {@code spec} at this network. */
    ProcessSpec.Builder configure(Host host, ProcessSpec.Builder spec, List<Path> lowers) throws IOException {
        spec.hostname(HOSTNAME);
        if (mode.equals(HOST)) {
            spec.namespaces(EnumSet.of(Namespace.Type.MNT, Namespace.Type.PID, Namespace.Type.UTS, Namespace.Type.IPC,
                    Namespace.Type.CGROUP));
            // Name resolution as the host has it, bound only where the image has the file, so the
            // mount point is not made in the upper (and the layer).
            for (String f : ETC_FILES) {
                if (Files.isRegularFile(Path.of(f)) && RootfsFile.read(host.syscalls(), lowers, f).isPresent()) {
                    spec.bind(Path.of(f), f, true);
                }
            }
            return spec;
        }
        if (attachment == null) {
            return spec; // none: the launch's own network namespace, loopback only
        }
        // As a container's: bound whether or not the image has them (the mount points the launch
        // makes are taken out of the layer afterwards, see removeMountPoints).
        for (String f : ETC_FILES) {
            spec.bind(etc.resolve(f.substring("/etc/".length())), f, true);
        }
        return attachment.configure(spec);
    }

    /** After the launch: the step's processes hold its network namespace now. */
    void launched() {
        if (attachment != null) {
            attachment.launched();
        }
    }

    /** The mount points of the generated files, to be taken out of the step's layer when the image lacked them. */
    List<String> mountPoints() {
        return attachment == null ? List.of() : ETC_FILES;
    }

    /** Whether the step has no network beyond loopback. */
    boolean isNone() {
        return mode.equals(NONE);
    }

    /** Detaches the step's endpoint, if it has one. */
    @Override
    public void close() {
        if (attachment != null) {
            attachment.close();
        }
    }
}
