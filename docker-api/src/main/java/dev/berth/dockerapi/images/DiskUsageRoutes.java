package dev.berth.dockerapi.images;

import dev.berth.Berth;
import dev.berth.DiskUsage;
import dev.berth.dockerapi.containers.ContainerSummaries;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /system/df}: the disk use of images, containers and volumes, from
 * {@link Berth#diskUsage()}; there is no build cache apart from the layers
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/System/operation/SystemDataUsage">SystemDataUsage</a>).
 */
public final class DiskUsageRoutes implements Routes {
    @Override
    public void register(Router router, Berth berth) {
        router.get("/system/df", r -> {
            DiskUsage usage = berth.diskUsage();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("LayersSize", usage.layersSize());
            out.put("Images", usage.images().stream()
                    .map(i -> ImageViews.summary(i.image(), r.apiVersion(), i.size(), i.sharedSize(), i.containers())).toList());
            List<Object> containers = new ArrayList<>();
            for (DiskUsage.ContainerUsage c : usage.containers()) {
                try {
                    containers.add(ContainerSummaries.of(c.container(), c.sizeRw(), c.sizeRootFs()));
                } catch (RuntimeException | java.io.IOException e) {
                    // removed meanwhile: no longer listed, as in GET /containers/json
                }
            }
            out.put("Containers", containers);
            List<Map<String, Object>> volumes = new ArrayList<>();
            for (DiskUsage.VolumeUsage v : usage.volumes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("CreatedAt", v.volume().createdAt().toString());
                m.put("Driver", dev.berth.Volume.DRIVER);
                m.put("Labels", v.volume().labels());
                m.put("Mountpoint", v.volume().mountpoint().toString());
                m.put("Name", v.volume().name());
                m.put("Options", v.volume().options());
                m.put("Scope", "local");
                m.put("UsageData", Map.of("Size", v.size(), "RefCount", v.refCount()));
                volumes.add(m);
            }
            out.put("Volumes", volumes);
            out.put("BuildCache", List.of());
            out.put("BuilderSize", 0);
            return ApiResponse.json(200, out);
        });
    }
}
