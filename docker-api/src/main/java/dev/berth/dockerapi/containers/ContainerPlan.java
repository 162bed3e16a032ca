package dev.berth.dockerapi.containers;

import dev.berth.NetworkMode;
import dev.berth.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container to create, as {@link CreateTranslation} reads it from Docker's create body: one
 * field per {@link dev.berth.ContainerBuilder} option, so that the translation is checked without
 * a container and {@link ContainerCreation} only hands the values on. Null or empty: the image's
 * value, or Berth's default.
 *
 * @param image the image as the client wrote it
 * @param name the container's name, or null for one Berth makes
 * @param env variables over the image's
 * @param cmd the command, or null for the image's
 * @param entrypoint the entrypoint (empty: none), or null for the image's
 * @param workdir the working directory
 * @param user the user
 * @param hostname the hostname
 * @param labels labels over the image's
 * @param stopSignal the stop signal
 * @param tty whether it gets a terminal
 * @param openStdin whether its stdin is a pipe
 * @param stdinOnce whether its stdin closes when the first attach closes it
 * @param binds host paths bound in
 * @param volumes named volumes: container path to volume name
 * @param tmpfs tmpfs mounts
 * @param memoryBytes the memory limit, 0 for none
 * @param cpus the CPU limit, 0 for none
 * @param pids the pids limit, 0 for none
 * @param capAdd capabilities added
 * @param capDrop capabilities dropped
 * @param readOnlyRoot whether the root file system is read-only
 * @param autoRemove whether it is removed when it exits
 * @param init whether Berth's init is PID 1 ({@code HostConfig.Init}); null or false: the command is, as in dockerd
 * @param ulimits rlimits
 * @param devices {@code --device} specs
 * @param restartPolicy the {@code --restart} form ({@code no}, {@code on-failure:3}, ...)
 * @param healthcheck the healthcheck, or null for the image's
 * @param logMaxSize the largest log file in bytes, 0 for Berth's default
 * @param logMaxFiles how many log files are kept, 0 for Berth's default
 * @param networkMode how it is networked
 * @param network the user-defined network it joins, or null
 * @param aliases its other names on that network
 * @param otherNetworks the networks it joins once created, with its aliases on each
 * @param ports published ports
 * @param readOnlyVolumes the container paths of {@code volumes} mounted read-only
 */
record ContainerPlan(String image, String name, Map<String, String> env, List<String> cmd, List<String> entrypoint,
        String workdir, String user, String hostname, Map<String, String> labels, String stopSignal, boolean tty,
        boolean openStdin, boolean stdinOnce, List<Bind> binds, Map<String, String> volumes, List<Tmpfs> tmpfs,
        long memoryBytes, double cpus, long pids, List<String> capAdd, List<String> capDrop, boolean readOnlyRoot,
        boolean autoRemove, Boolean init, List<Ulimit> ulimits, List<String> devices, String restartPolicy,
        Healthcheck healthcheck, long logMaxSize, int logMaxFiles, NetworkMode networkMode, String network,
        List<String> aliases, Map<String, List<String>> otherNetworks, List<Port> ports, Set<String> readOnlyVolumes) {

    /** A host path bound in. */
    record Bind(String hostPath, String containerPath, boolean readOnly) {
    }

    /** A tmpfs at {@code path}, holding at most {@code sizeBytes} (0: the kernel's default). */
    record Tmpfs(String path, long sizeBytes) {
    }

    /** An rlimit. */
    record Ulimit(String name, long soft, long hard) {
    }

    /** A published port on host address {@code hostIp} ("" for every address); host port 0 picks a free one. */
    record Port(int hostPort, int containerPort, Protocol protocol, String hostIp) {
        Port(int hostPort, int containerPort, Protocol protocol) {
            this(hostPort, containerPort, protocol, "");
        }
    }

    /**
     * A healthcheck: {@code test} as Docker's ({@code ["CMD-SHELL", "..."]}, {@code ["CMD", ...]}
     * or {@code ["NONE"]}); durations in nanoseconds, 0 for the default.
     */
    record Healthcheck(List<String> test, long intervalNanos, long timeoutNanos, int retries, long startPeriodNanos) {
    }
}
