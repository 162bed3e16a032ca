package dev.berth.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A container's {@code config.json} as Berth wrote it before {@link ContainerConfig} was grouped
 * as the runtime spec groups it: one flat object. {@link ContainerDirectory#readConfig()} reads a
 * file of this form (it has {@code argv} at the top level) through here, so that containers made
 * by an earlier Berth are still listed, restarted and removed; nothing writes it.
 *
 * @param id 64 hex digits
 * @param name the caller's name, or one made from the id
 * @param image the image as the caller named it
 * @param imageDigest the manifest digest it resolved to
 * @param topLayer the chain id of the image's top layer, which the container references
 * @param lowers the layer directories, highest first
 * @param argv entrypoint and cmd
 * @param entrypoint the Entrypoint in effect (the image's or the caller's), which {@code commit} keeps
 * @param cmd the Cmd in effect, which {@code commit} keeps
 * @param env {@code NAME=value}, without HOME (added at launch for the process's user)
 * @param workdir absolute
 * @param user the User value in effect
 * @param uid resolved user id
 * @param gid resolved primary group id
 * @param groups additional group ids
 * @param home the user's home directory, HOME unless env sets it
 * @param hostname the UTS hostname
 * @param stopSignal as Docker's StopSignal
 * @param labels image labels with the caller's over them
 * @param exposedPorts the image's exposed container ports
 * @param binds host bind mounts
 * @param tmpfs paths that get a tmpfs, each {@code path[:options]} as Docker's {@code --tmpfs}
 * @param limits cgroup limits: memory bytes, cpus, pids (0 for none)
 * @param ulimits rlimits
 * @param init whether Berth's init is PID 1
 * @param readOnlyRoot whether the root is mounted read-only
 * @param detached whether closing Berth leaves it running
 * @param stdin whether stdin is a pipe the caller writes
 * @param created ISO-8601 creation time
 * @param capabilities what a process of the container running as root gets (see
 *        {@link ContainerCapabilities}); null (a config written before they were kept) is the default
 * @param autoRemove whether it is removed once it has exited ({@code docker run --rm})
 * @param tty whether a detached container's stage-1 helper gives it a pseudo-terminal ({@code docker run -dt})
 * @param devices host devices made available ({@code docker run --device}); null (a config written
 *        before they were kept) is none
 * @param logOptions how its log is rotated ({@code --log-opt max-size, max-file}); null (a config
 *        written before they were kept) is {@link LogOptions#DEFAULT}
 */
record LegacyContainerConfig(String id, String name, String image, String imageDigest, String topLayer,
        List<String> lowers, List<String> argv, List<String> entrypoint, List<String> cmd, List<String> env, String workdir, String user, int uid, int gid,
        List<Integer> groups, String home, String hostname, String stopSignal, Map<String, String> labels,
        List<Integer> exposedPorts, List<ContainerConfig.Bind> binds, List<String> tmpfs, ContainerConfig.Limits limits, List<ContainerConfig.Ulimit> ulimits,
        boolean init, boolean readOnlyRoot, boolean detached, boolean stdin, String created, List<String> capabilities,
        boolean autoRemove, boolean tty, List<ContainerConfig.Device> devices,
        LogOptions logOptions) {

    /** The config in the current form; what this form left out gets the value Berth gave it then. */
    ContainerConfig upgrade() {
        return new ContainerConfig(id, name, created, new ContainerConfig.Image(image, imageDigest, topLayer),
                new ContainerConfig.Process(argv, entrypoint, cmd, env, workdir,
                        new ContainerConfig.User(user, uid, gid, groups, home),
                        capabilities != null ? capabilities : ContainerCapabilities.resolve(List.of(), List.of()),
                        ulimits != null ? ulimits : List.of(), init),
                new ContainerConfig.Root(lowers.stream().map(Path::of).toList(), readOnlyRoot),
                new ContainerConfig.Mounts(binds, tmpfs), hostname,
                new ContainerConfig.Linux(limits, devices != null ? devices : List.of()),
                new ContainerConfig.Io(stdin, tty, detached, LogOptions.orDefault(logOptions)),
                new ContainerConfig.Lifecycle(stopSignal, autoRemove),
                new ContainerConfig.Annotations(labels, exposedPorts));
    }
}
