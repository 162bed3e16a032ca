package dev.berth.dockerapi;

import dev.berth.Berth;
import dev.berth.dockerapi.containers.ContainerLifecycleRoutes;
import dev.berth.dockerapi.containers.ContainerOpsRoutes;
import dev.berth.dockerapi.containers.ContainerRoutes;
import dev.berth.dockerapi.events.EventRoutes;
import dev.berth.dockerapi.exec.ExecRoutes;
import dev.berth.dockerapi.http.ApiVersion;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.images.BuildRoutes;
import dev.berth.dockerapi.images.DiskUsageRoutes;
import dev.berth.dockerapi.images.ImageRoutes;
import dev.berth.dockerapi.networks.NetworkRoutes;
import dev.berth.dockerapi.system.EngineVersion;
import dev.berth.dockerapi.system.SystemRoutes;
import dev.berth.dockerapi.volumes.VolumeRoutes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every endpoint served, one {@link dev.berth.dockerapi.http.Routes} per area. */
final class DockerApi {
    private DockerApi() {}

    static Router router(Berth berth) {
        Router router = new Router();
        new SystemRoutes().register(router, berth);
        new ContainerRoutes().register(router, berth);
        new dev.berth.dockerapi.containers.ContainerPruneRoutes().register(router, berth);
        new ContainerLifecycleRoutes().register(router, berth);
        new ExecRoutes().register(router, berth);
        new ImageRoutes().register(router, berth);
        new BuildRoutes().register(router, berth);
        new DiskUsageRoutes().register(router, berth);
        new NetworkRoutes().register(router, berth);
        new VolumeRoutes().register(router, berth);
        new EventRoutes().register(router, berth);
        new ContainerOpsRoutes().register(router, berth);
        return router;
    }

    /** Headers on every answer, as dockerd sends them; clients read the version from {@code Api-Version}. */
    static Map<String, String> commonHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Api-Version", ApiVersion.MAX.toString());
        h.put("Docker-Experimental", "false");
        h.put("Ostype", "linux");
        h.put("Server", "Berth/" + EngineVersion.BERTH + " (linux)");
        return h;
    }
}
