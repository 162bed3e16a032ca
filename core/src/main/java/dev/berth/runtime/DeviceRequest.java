package dev.berth.runtime;

import dev.berth.namespaces.cgroup.device.DeviceRule;
import dev.berth.namespaces.cgroup.device.DeviceType;
import dev.berth.overlayfs.FileStat;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns a {@code --device} request into a {@link ContainerConfig.Device}: parses Docker's
 * {@code HOST[:CONTAINER[:PERMS]]} form and reads the host node's type and numbers, refusing,
 * with the request named, a path that is missing or not a character or block device and a
 * permission string that is not a combination of r, w and m
 * (<a href="https://docs.docker.com/reference/cli/docker/container/run/#device">docker run --device</a>).
 */
public final class DeviceRequest {
    private DeviceRequest() {
    }

    /**
     * {@code HOST}, {@code HOST:CONTAINER}, {@code HOST:PERMS} or {@code HOST:CONTAINER:PERMS};
     * the container path defaults to the host path, the permissions to {@code rwm}.
     *
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    public static ContainerConfig.Device parse(String spec) {
        String[] f = spec.split(":", -1);
        return switch (f.length) {
            case 1 -> resolve(f[0], f[0], "rwm");
            case 2 -> f[1].startsWith("/") ? resolve(f[0], f[1], "rwm") : resolve(f[0], f[0], f[1]);
            case 3 -> resolve(f[0], f[1], f[2]);
            default -> throw new IllegalArgumentException("invalid device \"" + spec
                    + "\": expected HOST[:CONTAINER[:PERMS]], e.g. /dev/fuse or /dev/sdc:/dev/xvdc:r");
        };
    }

    /**
     * The host node {@code hostPath} (symlinks followed, as Docker does for /dev/disk/by-id/...)
     * at {@code containerPath}, with cgroup access {@code permissions}.
     *
     * @throws IllegalArgumentException naming the device and what is wrong with it
     */
    public static ContainerConfig.Device resolve(String hostPath, String containerPath, String permissions) {
        String what = "device " + hostPath + (containerPath.equals(hostPath) ? "" : ":" + containerPath);
        if (!hostPath.startsWith("/")) {
            throw new IllegalArgumentException("invalid " + what + ": the host path must be absolute");
        }
        if (!containerPath.startsWith("/") || containerPath.equals("/") || containerPath.contains("/../")
                || containerPath.endsWith("/..")) {
            throw new IllegalArgumentException("invalid " + what + ": the container path must be an absolute path"
                    + " of a file, without '..'");
        }
        if (permissions.isEmpty() || !permissions.matches("[rwm]{1,3}") || permissions.chars().distinct().count() != permissions.length()) {
            throw new IllegalArgumentException("invalid " + what + ": permissions \"" + permissions
                    + "\" must be a combination of r (read), w (write) and m (mknod), such as rwm or r");
        }
        FileStat st;
        try {
            st = FileStat.of(Path.of(hostPath).toRealPath());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("invalid " + what + ": " + hostPath + " does not exist");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("invalid " + what + ": cannot stat " + hostPath + ": " + e.getMessage(), e);
        }
        if (st.type() != FileStat.S_IFCHR && st.type() != FileStat.S_IFBLK) {
            throw new IllegalArgumentException("invalid " + what + ": " + hostPath + " is not a character or block device");
        }
        return new ContainerConfig.Device(hostPath, containerPath, permissions, st.type() == FileStat.S_IFCHR ? 'c' : 'b',
                st.major(), st.minor(), st.permissions() & 0777);
    }

    /** The cgroup rule that lets the container use the device with its permissions. */
    public static DeviceRule rule(ContainerConfig.Device d) {
        return DeviceRule.allow(d.type() == 'b' ? DeviceType.BLOCK : DeviceType.CHAR, d.major(), d.minor(), d.permissions());
    }
}
