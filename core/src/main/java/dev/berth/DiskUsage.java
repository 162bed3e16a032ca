package dev.berth;

import java.util.List;

/**
 * {@code docker system df}: what the home's images, containers and volumes take on disk, as the
 * Engine API's {@code GET /system/df} reports it
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/System/operation/SystemDataUsage">SystemDataUsage</a>).
 *
 * @param layersSize bytes of the unpacked layers
 * @param images every image in the store
 * @param containers every container in the home
 * @param volumes every volume
 */
public record DiskUsage(long layersSize, List<ImageUsage> images, List<ContainerUsage> containers,
        List<VolumeUsage> volumes) {
    public DiskUsage {
        images = List.copyOf(images);
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
    }

    /**
     * One image.
     *
     * @param image the image
     * @param size its bytes (manifest, config, layers)
     * @param sharedSize bytes of its layers that other images have too
     * @param containers how many containers use it
     */
    public record ImageUsage(Image image, long size, long sharedSize, int containers) {
    }

    /**
     * One container.
     *
     * @param container the container
     * @param sizeRw bytes it wrote (its upper directory)
     * @param sizeRootFs {@code sizeRw} plus its image's size
     */
    public record ContainerUsage(Container container, long sizeRw, long sizeRootFs) {
    }

    /**
     * One volume.
     *
     * @param volume the volume
     * @param size bytes of its files
     * @param refCount how many containers mount it
     */
    public record VolumeUsage(Volume volume, long size, int refCount) {
    }
}
