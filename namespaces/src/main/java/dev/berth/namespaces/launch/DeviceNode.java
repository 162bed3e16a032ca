package dev.berth.namespaces.launch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host device made available in the container ({@code docker run --device}): as root a node
 * of the same type and numbers is made at {@code target} in the container's {@code /dev} tmpfs;
 * without root, where a user namespace cannot make device nodes, the host's node is bound there
 * instead. Whether it opens is up to the cgroup's device policy (root) or the host node's mode
 * (rootless).
 *
 * @param host the host's node
 * @param target the absolute path inside the container
 * @param block a block device (else a character device)
 * @param major its major number
 * @param minor its minor number
 * @param permissions the permission bits the node is made with (as the host's)
 */
public record DeviceNode(Path host, String target, boolean block, int major, int minor, int permissions) {
    public DeviceNode {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("device target must be an absolute path: " + target);
        }
    }
}
