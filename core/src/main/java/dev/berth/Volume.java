package dev.berth;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A volume of the {@code local} driver ({@code docker volume create},
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Volume">Engine API: Volume</a>):
 * a directory under the Berth home that containers mount with
 * {@link ContainerBuilder#volume(String, String)} and that outlives them.
 *
 * @param name its name, as given or generated (64 hex digits)
 * @param mountpoint the directory containers see ({@code volumes/NAME/_data})
 * @param createdAt when it was created
 * @param labels its labels
 * @param options the driver options it was created with
 * @param anonymous whether it was created without a name; {@link Volumes#prune} of API 1.42 and
 *        later removes only these unless asked for all
 */
public record Volume(String name, Path mountpoint, Instant createdAt, Map<String, String> labels,
        Map<String, String> options, boolean anonymous) {
    /** The only driver: a directory on the host. */
    public static final String DRIVER = "local";

    public Volume {
        labels = Map.copyOf(labels);
        options = Map.copyOf(options);
    }
}
