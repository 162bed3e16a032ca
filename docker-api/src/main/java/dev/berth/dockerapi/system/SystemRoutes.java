package dev.berth.dockerapi.system;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerState;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.ApiVersion;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _ping}, {@code /version}, {@code /info}: what clients ask first, to negotiate the
 * version and to check the engine; and {@code /plugins/{name}/json}, which has no plugins but
 * must answer 404 for {@code docker inspect}'s probe.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.52/#tag/System">System</a>
 */
public final class SystemRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.get("/_ping", r -> ping("OK"));
        router.head("/_ping", r -> ping(""));
        router.get("/version", r -> ApiResponse.json(200, version()));
        router.get("/info", r -> ApiResponse.json(200, info(berth)));
        router.get("/plugins/{name:.*}/json", r -> {
            throw ApiException.notFound("plugin \"" + r.param("name") + "\" not found");
        });
        router.get("/plugins", r -> ApiResponse.json(200, List.of()));
    }

    private static ApiResponse ping(String body) {
        return ApiResponse.text(200, body)
                .header("Builder-Version", "1")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache")
                .header("Swarm", "inactive");
    }

    /** {@code GET /version}'s answer: the Engine API version served, the host's platform, Berth's version. */
    public static Map<String, Object> version() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", ApiVersion.MAX.toString());
        details.put("MinAPIVersion", ApiVersion.MIN.toString());
        details.put("Os", "linux");
        details.put("Arch", HostFacts.goArch());
        details.put("KernelVersion", HostFacts.kernelVersion());
        details.put("Experimental", "false");
        details.put("GitCommit", "berth");
        details.put("GoVersion", "java" + Runtime.version().feature());
        details.put("BuildTime", "");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "Berth " + EngineVersion.BERTH));
        v.put("Components", List.of(
                Map.of("Name", "Engine", "Version", EngineVersion.DOCKER, "Details", details),
                Map.of("Name", "Berth", "Version", EngineVersion.BERTH, "Details", Map.of())));
        v.put("Version", EngineVersion.DOCKER);
        v.put("ApiVersion", ApiVersion.MAX.toString());
        v.put("MinAPIVersion", ApiVersion.MIN.toString());
        v.put("GitCommit", "berth");
        v.put("GoVersion", "java" + Runtime.version().feature());
        v.put("Os", "linux");
        v.put("Arch", HostFacts.goArch());
        v.put("KernelVersion", HostFacts.kernelVersion());
        v.put("BuildTime", "");
        return v;
    }

    /** {@code GET /info}'s answer for {@code berth}'s store. */
    public static Map<String, Object> info(Berth berth) throws Exception {
        List<Container> containers = berth.listContainers();
        int running = 0;
        int paused = 0;
        for (Container c : containers) {
            ContainerState.Status status = c.state().status();
            if (status == ContainerState.Status.RUNNING) {
                running++;
            } else if (status == ContainerState.Status.PAUSED) {
                paused++;
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", java.util.UUID.nameUUIDFromBytes(berth.home().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        i.put("Containers", containers.size());
        i.put("ContainersRunning", running);
        i.put("ContainersPaused", paused);
        i.put("ContainersStopped", containers.size() - running - paused);
        i.put("Images", berth.images().list().size());
        i.put("Driver", "overlay2");
        i.put("DriverStatus", List.of(List.of("Backing Filesystem", "extfs")));
        i.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("bridge", "host", "null"),
                "Authorization", List.of(), "Log", List.of("json-file", "local")));
        i.put("MemoryLimit", true);
        i.put("SwapLimit", false);
        i.put("KernelMemory", false);
        i.put("CpuCfsPeriod", true);
        i.put("CpuCfsQuota", true);
        i.put("CPUShares", true);
        i.put("CPUSet", true);
        i.put("PidsLimit", true);
        i.put("OomKillDisable", false);
        i.put("IPv4Forwarding", true);
        i.put("BridgeNfIptables", true);
        i.put("BridgeNfIp6tables", true);
        i.put("Debug", false);
        i.put("NFd", 0);
        i.put("NGoroutines", Thread.activeCount());
        i.put("SystemTime", Instant.now().toString());
        i.put("LoggingDriver", "json-file");
        i.put("CgroupDriver", "cgroupfs");
        i.put("CgroupVersion", HostFacts.cgroupVersion());
        i.put("NEventsListener", 0);
        i.put("KernelVersion", HostFacts.kernelVersion());
        i.put("OperatingSystem", HostFacts.operatingSystem());
        i.put("OSVersion", HostFacts.osVersion());
        i.put("OSType", "linux");
        i.put("Architecture", HostFacts.unameMachine());
        i.put("IndexServerAddress", "https://index.docker.io/v1/");
        i.put("RegistryConfig", Map.of("AllowNondistributableArtifactsCIDRs", List.of(),
                "AllowNondistributableArtifactsHostnames", List.of(),
                "InsecureRegistryCIDRs", List.of("127.0.0.0/8"), "Mirrors", List.of(),
                "IndexConfigs", Map.of("docker.io", Map.of("Name", "docker.io", "Mirrors", List.of(), "Secure", true, "Official", true))));
        i.put("NCPU", Runtime.getRuntime().availableProcessors());
        i.put("MemTotal", HostFacts.memTotal());
        i.put("DockerRootDir", berth.home().toString());
        i.put("HttpProxy", "");
        i.put("HttpsProxy", "");
        i.put("NoProxy", "");
        i.put("Name", HostFacts.hostname());
        i.put("Labels", List.of());
        i.put("ExperimentalBuild", false);
        i.put("ServerVersion", EngineVersion.DOCKER);
        i.put("Runtimes", Map.of("berth", Map.of("path", "berth")));
        i.put("DefaultRuntime", "berth");
        i.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false,
                "Error", "", "RemoteManagers", List.of()));
        i.put("LiveRestoreEnabled", true);
        i.put("Isolation", "");
        i.put("InitBinary", "");
        // No containerd, runc or docker-init here: Berth is all three. Their commit fields are
        // still given, as the CLI prints a version line for each.
        Map<String, String> commit = Map.of("ID", "berth-" + EngineVersion.BERTH, "Expected", "berth-" + EngineVersion.BERTH);
        i.put("ContainerdCommit", commit);
        i.put("RuncCommit", commit);
        i.put("InitCommit", commit);
        i.put("KernelMemoryTCP", false);
        i.put("SecurityOptions", root ? List.of("name=seccomp,profile=builtin", "name=cgroupns")
                : List.of("name=seccomp,profile=builtin", "name=rootless", "name=cgroupns"));
        i.put("Warnings", List.of());
        return i;
    }
}
