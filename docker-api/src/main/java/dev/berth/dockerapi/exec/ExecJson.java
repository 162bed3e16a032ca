package dev.berth.dockerapi.exec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON of the exec endpoints, with dockerd's field names.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Exec">Exec</a>
 */
final class ExecJson {
    private ExecJson() {
    }

    /** The body of {@code POST /containers/{id}/exec}. */
    record Create(
            @JsonProperty("AttachStdin") Boolean attachStdin,
            @JsonProperty("AttachStdout") Boolean attachStdout,
            @JsonProperty("AttachStderr") Boolean attachStderr,
            @JsonProperty("DetachKeys") String detachKeys,
            @JsonProperty("Tty") Boolean tty,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Cmd") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cmd,
            @JsonProperty("Privileged") Boolean privileged,
            @JsonProperty("User") String user,
            @JsonProperty("WorkingDir") String workingDir) {
    }

    /** The body of {@code POST /exec/{id}/start}. */
    record Start(@JsonProperty("Detach") Boolean detach, @JsonProperty("Tty") Boolean tty) {
    }

    /** {@code {"Id": ...}}, the answer to a create. */
    record Created(@JsonProperty("Id") String id) {
    }

    /** {@code GET /exec/{id}/json}; {@code ExitCode} is null until the command has exited, as dockerd writes it. */
    record Inspect(
            @JsonProperty("ID") String id,
            @JsonProperty("Running") boolean running,
            @JsonProperty("ExitCode") @JsonInclude(JsonInclude.Include.ALWAYS) Integer exitCode,
            @JsonProperty("ProcessConfig") ProcessConfig processConfig,
            @JsonProperty("OpenStdin") boolean openStdin,
            @JsonProperty("OpenStderr") boolean openStderr,
            @JsonProperty("OpenStdout") boolean openStdout,
            @JsonProperty("CanRemove") boolean canRemove,
            @JsonProperty("ContainerID") String containerId,
            @JsonProperty("DetachKeys") String detachKeys,
            @JsonProperty("Pid") int pid) {
    }

    /** {@code ProcessConfig}: the command split as dockerd splits it. */
    record ProcessConfig(
            @JsonProperty("tty") boolean tty,
            @JsonProperty("entrypoint") String entrypoint,
            @JsonProperty("arguments") List<String> arguments,
            @JsonProperty("privileged") boolean privileged,
            @JsonProperty("user") String user) {
    }
}
