package dev.berth.overlayfs;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Stdio;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Removal of a tree that holds files of this user's subordinate ids (a layer with owners, or a
 * container's upper directory written by a non-root container user): the user itself may not
 * touch them, the root of a user namespace with the user's map may, as {@code podman unshare rm}
 * does. The host's {@code rm -rf}, which never follows symlinks, runs there through the stage-1
 * helper with no namespace but the user namespace.
 */
final class ForeignOwnedTree {
    private ForeignOwnedTree() {
    }

    /**
     * Removes {@code root} in a user namespace when this process is not root and has
     * subordinate ids; returns false when that does not apply (the caller's error stands).
     */
    static boolean remove(Path root) throws IOException {
        // FileTrees.delete is called from some thirty places, none of which holds a host.
        Host host = Host.system();
        if (host.isRoot()) {
            return false;
        }
        UserNamespaceMap map = UserNamespaceMap.ofCurrentUser();
        if (map.isSingle()) {
            return false;
        }
        // Root of the namespace needs its DAC override to enter and empty directories of other ids.
        ProcessSpec spec = ProcessSpec.builder("rm", "-rf", "--", root.toString()).name("berth-rm")
                .namespaces(List.of()).userNamespace(map)
                .capabilities(List.of(Capability.DAC_OVERRIDE, Capability.DAC_READ_SEARCH, Capability.FOWNER))
                .stdout(Stdio.discard()).stderr(Stdio.pipe()).build();
        try (var p = host.launcher().launch(spec)) {
            String errors = new String(p.stderr().readNBytes(4096), StandardCharsets.UTF_8).trim();
            ExitStatus status = p.waitFor();
            if (!status.exited() || status.exitCode() != 0 || Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot remove " + root + " in a user namespace (" + map + "): rm " + status
                        + (errors.isEmpty() ? "" : ": " + errors));
            }
            return true;
        } catch (LaunchException e) {
            throw new IOException("cannot remove " + root + " in a user namespace: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing " + root, e);
        }
    }
}
