package dev.berth.dockerapi.containers;

import dev.berth.Container;
import dev.berth.ContainerState;
import java.io.IOException;
import java.time.Instant;

/**
 * The one {@code GET /containers/json} entry of a container, for other areas that list containers
 * the same way ({@code GET /system/df}'s {@code Containers}), so both answers stay identical.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Container/operation/ContainerList">ContainerList</a>
 */
public final class ContainerSummaries {
    private ContainerSummaries() {
    }

    /**
     * The list entry of {@code c} with its sizes, as Jackson writes it; {@code SizeRw} is left out
     * when the container wrote nothing, as dockerd does.
     *
     * @param sizeRw bytes the container wrote
     * @param sizeRootFs bytes of its whole root (image plus what it wrote)
     */
    public static Object of(Container c, long sizeRw, long sizeRootFs) throws IOException {
        ContainerState state = c.state();
        ContainerJson.Summary s = ContainerInspection.summary(c.details(), state, c.networks(), c.health(), Instant.now());
        return new ContainerJson.Summary(s.id(), s.names(), s.image(), s.imageId(), s.command(), s.created(), s.ports(),
                sizeRw == 0 ? null : sizeRw, sizeRootFs, s.labels(), s.state(), s.status(), s.hostConfig(),
                s.networkSettings(), s.mounts());
    }
}
