package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.DiskUsage;
import picocli.CommandLine.Command;

/**
 * {@code berth system df}: the bytes images, containers and volumes take, and how many of them
 * could be removed (<a href="https://docs.docker.com/reference/cli/docker/system/df/">docker system df</a>).
 * Berth keeps no build cache apart from its images' layers: that row is always empty.
 */
@Command(name = "df", description = "Show docker disk usage")
final class SystemDfCommand extends RootVerb {
    @Override
    public Integer call() throws Exception {
        try (Berth berth = open()) {
            DiskUsage du = berth.diskUsage();
            Table t = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
            long imagesUsed = 0;
            int imagesActive = 0;
            for (DiskUsage.ImageUsage i : du.images()) {
                if (i.containers() > 0) {
                    imagesActive++;
                    imagesUsed += i.size() - i.sharedSize();
                }
            }
            t.row("Images", count(du.images().size()), count(imagesActive), size(du.layersSize()),
                    reclaimable(du.layersSize() - imagesUsed, du.layersSize()));
            long containersSize = 0;
            long containersReclaimable = 0;
            int containersActive = 0;
            for (DiskUsage.ContainerUsage c : du.containers()) {
                containersSize += c.sizeRw();
                if (c.container().isRunning()) {
                    containersActive++;
                } else {
                    containersReclaimable += c.sizeRw();
                }
            }
            t.row("Containers", count(du.containers().size()), count(containersActive), size(containersSize),
                    reclaimable(containersReclaimable, containersSize));
            long volumesSize = 0;
            long volumesReclaimable = 0;
            int volumesActive = 0;
            for (DiskUsage.VolumeUsage v : du.volumes()) {
                volumesSize += Math.max(0, v.size());
                if (v.refCount() > 0) {
                    volumesActive++;
                } else {
                    volumesReclaimable += Math.max(0, v.size());
                }
            }
            t.row("Local Volumes", count(du.volumes().size()), count(volumesActive), size(volumesSize),
                    reclaimable(volumesReclaimable, volumesSize));
            t.row("Build Cache", "0", "0", "0B", "0B");
            t.print(System.out);
            return 0;
        }
    }

    private static String count(int n) {
        return Integer.toString(n);
    }

    private static String size(long bytes) {
        return Human.size(bytes, 4);
    }

    /** docker/cli's: the bytes, and their share of the total when there is a total. */
    private static String reclaimable(long bytes, long total) {
        return total > 0 ? size(bytes) + " (" + bytes * 100 / total + "%)" : size(bytes);
    }
}
