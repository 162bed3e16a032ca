package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerState;
import dev.berth.namespaces.Architectures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code berth info}: the engine and host as {@code docker info} shows them, in its layout
 * (<a href="https://docs.docker.com/reference/cli/docker/system/info/">docker info</a>). There is no
 * server: the containers and images counted are those of this home. The architecture is the one
 * Berth runs as ({@code uname -m}'s name), whose stage-1 helper and kernel tables it uses; those
 * the jar holds helpers for are in its manifest ({@code Berth-Native-Architectures}).
 */
@Command(name = "info", description = "Display system-wide information")
final class InfoCommand extends RootVerb {
    @picocli.CommandLine.Option(names = {"-f", "--format"}, paramLabel = "string",
            description = "Format output using a custom template: 'json' or a Go template")
    String format;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = open()) {
            if (format != null && !format.isEmpty()) {
                return formatted(berth);
            }
            List<Container> containers = berth.listContainers();
            long running = containers.stream().filter(c -> c.state().status() == ContainerState.Status.RUNNING).count();
            long paused = containers.stream().filter(c -> c.state().status() == ContainerState.Status.PAUSED).count();
            StringBuilder s = new StringBuilder();
            s.append("Client:\n");
            s.append(" Version:    ").append(VersionCommand.berthVersion()).append('\n');
            s.append(" Context:    daemonless\n");
            s.append(" Debug Mode: ").append(((BerthCommand) spec.root().userObject()).debug).append("\n\n");
            s.append("Server:\n");
            s.append(" Containers: ").append(containers.size()).append('\n');
            s.append("  Running: ").append(running).append('\n');
            s.append("  Paused: ").append(paused).append('\n');
            s.append("  Stopped: ").append(containers.size() - running - paused).append('\n');
            s.append(" Images: ").append(berth.images().list().size()).append('\n');
            s.append(" Server Version: berth ").append(VersionCommand.berthVersion()).append(" (embedded, no daemon)\n");
            s.append(" Storage Driver: ").append(berth.storageDriver() == dev.berth.LayerStorage.VFS ? "vfs" : "overlay2").append('\n');
            s.append(" Logging Driver: json-file\n");
            s.append(" Cgroup Driver: cgroupfs\n");
            s.append(" Cgroup Version: ").append(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1").append('\n');
            s.append(" Plugins:\n  Volume: local\n  Network: bridge host null\n  Log: json-file\n");
            s.append(" Default Runtime: berth\n");
            s.append(" Security Options:\n  seccomp\n   Profile: builtin\n");
            if (!"root".equals(System.getProperty("user.name"))) {
                s.append("  rootless\n");
            }
            s.append(" Kernel Version: ").append(read("/proc/sys/kernel/osrelease")).append('\n');
            s.append(" Operating System: ").append(osName()).append('\n');
            s.append(" OSType: linux\n");
            s.append(" Architecture: ").append(Architectures.inUse()).append('\n'); // uname -m's name of the one in use
            s.append(" CPUs: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
            s.append(" Total Memory: ").append(Human.binarySize(memTotal())).append('\n');
            s.append(" Name: ").append(read("/proc/sys/kernel/hostname")).append('\n');
            s.append(" Docker Root Dir: ").append(berth.home()).append('\n');
            s.append(" Debug Mode: false\n");
            // what a container host (a pod) changes, and what Berth does about it (#19)
            berth.hostReport().toString().lines().forEach(l -> s.append(' ').append(l).append('\n'));
            System.out.print(s);
            return 0;
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replaceAll("^\"|\"$", "");
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "Linux";
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    /**
     * {@code docker info --format}: the template over what {@code berth serve} answers
     * {@code GET /info} with ({@code .ServerVersion}, {@code .Driver}, {@code .NCPU}, ...) and
     * {@code .ClientInfo}, as docker's CLI runs it over its {@code info} (an error names the
     * template {@code info}).
     */
    private int formatted(Berth berth) throws java.io.IOException {
        java.util.Map<String, Object> info = dev.berth.cli.format.JsonValues.map(dev.berth.dockerapi.EngineJson.info(berth));
        info.put("ClientInfo", java.util.Map.of("Debug", ((BerthCommand) spec.root().userObject()).debug,
                "Version", VersionCommand.berthVersion(), "Context", "default", "Plugins", List.of(), "Warnings", List.of()));
        return FormattedObject.print("info", format, info);
    }
}
