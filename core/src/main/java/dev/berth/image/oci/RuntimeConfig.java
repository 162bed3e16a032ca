package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code config} object of an image config: the defaults a container of the image runs with
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md#properties">config.md</a>).
 * Field names in JSON are Docker's capitalised ones ({@code User}, {@code Env}, …). Every field is optional.
 *
 * @param user {@code User}: user, uid, user:group or uid:gid
 * @param exposedPorts {@code ExposedPorts}: {@code port/tcp}, {@code port/udp} or {@code port}
 * @param env {@code Env}: {@code KEY=value} entries
 * @param entrypoint {@code Entrypoint}
 * @param cmd {@code Cmd}
 * @param volumes {@code Volumes}: directories
 * @param workingDir {@code WorkingDir}
 * @param labels {@code Labels}
 * @param stopSignal {@code StopSignal}, e.g. {@code SIGTERM}
 * @param argsEscaped {@code ArgsEscaped} (Windows only, deprecated)
 * @param healthcheck Docker's {@code Healthcheck}
 * @param onBuild Docker's {@code OnBuild} triggers
 * @param shell Docker's {@code Shell}
 */
public record RuntimeConfig(String user, Set<String> exposedPorts, List<String> env, List<String> entrypoint,
        List<String> cmd, Set<String> volumes, String workingDir, Map<String, String> labels, String stopSignal,
        Boolean argsEscaped, Healthcheck healthcheck, List<String> onBuild, List<String> shell) {

    /** The validator's {@code ^[^=]+=.*$}; Go's {@code .} stops only at a newline. */
    private static final Pattern ENV = Pattern.compile("[^=]+=[^\n]*");

    /** The JSON field names this record models; other fields of {@code config} are carried through untouched. */
    static final List<String> FIELDS = List.of("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes",
            "WorkingDir", "Labels", "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell");

    public RuntimeConfig {
        exposedPorts = exposedPorts == null ? null : Set.copyOf(exposedPorts);
        env = env == null ? null : List.copyOf(env);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        volumes = volumes == null ? null : Set.copyOf(volumes);
        labels = labels == null ? null : Map.copyOf(labels);
        onBuild = onBuild == null ? null : List.copyOf(onBuild);
        shell = shell == null ? null : List.copyOf(shell);
        if (env != null) {
            for (String entry : env) {
                if (!ENV.matcher(entry).matches()) {
                    throw new IllegalArgumentException("Env entry \"" + entry + "\" is not KEY=value");
                }
            }
        }
    }

    /** A config with nothing set. */
    public static RuntimeConfig empty() {
        return new RuntimeConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same config with {@code env}. */
    public RuntimeConfig withEnv(List<String> env) {
        return new RuntimeConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    /** The same config with {@code entrypoint} and {@code cmd}. */
    public RuntimeConfig withCommand(List<String> entrypoint, List<String> cmd) {
        return new RuntimeConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    static RuntimeConfig read(JsonObject json) {
        List<String> env = json.strings("Env", true);
        if (env != null) {
            for (int i = 0; i < env.size(); i++) {
                if (!ENV.matcher(env.get(i)).matches()) {
                    throw json.violation("Env[" + i + "]", "\"" + env.get(i) + "\" is not KEY=value");
                }
            }
        }
        JsonObject healthcheck = json.object("Healthcheck");
        return new RuntimeConfig(json.string("User"), json.keySet("ExposedPorts", true), env,
                json.strings("Entrypoint", true), json.strings("Cmd", true), json.keySet("Volumes", true),
                json.string("WorkingDir"), json.stringMap("Labels", true), json.string("StopSignal"),
                json.bool("ArgsEscaped"), healthcheck == null ? null : Healthcheck.read(healthcheck),
                json.strings("OnBuild", true), json.strings("Shell", true));
    }

    void writeTo(JsonOutput out) {
        out.put("User", user).putKeySet("ExposedPorts", exposedPorts).putStrings("Env", env)
                .putStrings("Entrypoint", entrypoint).putStrings("Cmd", cmd).putKeySet("Volumes", volumes)
                .put("WorkingDir", workingDir).putMap("Labels", labels).put("StopSignal", stopSignal)
                .put("ArgsEscaped", argsEscaped).put("Healthcheck", healthcheck == null ? null : healthcheck.toJson())
                .putStrings("OnBuild", onBuild).putStrings("Shell", shell);
    }

    ObjectNode toJson() {
        JsonOutput out = JsonOutput.object();
        writeTo(out);
        return out.node();
    }
}
