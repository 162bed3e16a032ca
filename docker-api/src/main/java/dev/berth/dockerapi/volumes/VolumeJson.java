package dev.berth.dockerapi.volumes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Volume;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A volume as {@code GET /volumes/{name}} and the list answer it (moby's {@code volume.Volume};
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.47/#tag/Volume/operation/VolumeInspect">VolumeInspect</a>).
 * {@code Labels} and {@code Options} are null when there are none, as dockerd sends them.
 */
public record VolumeJson(
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope) {

    /** {@code v} as dockerd shows it. */
    public static VolumeJson of(Volume v) {
        return new VolumeJson(v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(), Volume.DRIVER,
                v.labels().isEmpty() ? null : v.labels(),
                v.mountpoint().toString(), v.name(), v.options().isEmpty() ? null : v.options(), "local");
    }
}
