package dev.berth.runtime;

import static dev.berth.json.WrittenForm.bool;
import static dev.berth.json.WrittenForm.fields;
import static dev.berth.json.WrittenForm.integer;
import static dev.berth.json.WrittenForm.list;
import static dev.berth.json.WrittenForm.number;
import static dev.berth.json.WrittenForm.strings;
import static dev.berth.json.WrittenForm.text;
import static dev.berth.json.WrittenForm.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.WrittenForm;
import dev.berth.json.WrittenForm.Mismatch;
import dev.berth.AttachStreams;
import dev.berth.RestartPolicy;
import dev.berth.log.LogOptions;
import java.util.Map;

/**
 * Reads a {@code config.json} tree in the form {@link ContainerDirectory#writeConfig} writes into
 * a {@link ContainerConfig} by hand, field by field: the same record Jackson's data binding
 * makes, without its cost at start-up (#17: building the record deserializers through reflection
 * and annotation proxies took about 50 ms of every {@code berth ps}). Only the exact written form
 * is taken: an unknown or missing field, a value of another JSON type, a number that is not what
 * the field holds, or a lower with a colon (which Jackson reads as a URI) gives null, and the
 * caller binds the tree through Jackson, which answers it as before (its defaults, its errors);
 * so does a value the record refuses (a null where it needs one).
 */
final class ContainerConfigTree {
    private ContainerConfigTree() {
    }

    /** The config {@code tree} holds, or null when Jackson must bind it. */
    static ContainerConfig read(JsonNode tree) {
        try {
            JsonNode n = fields(tree, "id", "name", "created", "image", "process", "root", "mounts", "hostname", "linux",
                    "io", "lifecycle", "annotations");
            return new ContainerConfig(text(n.get("id")), text(n.get("name")), text(n.get("created")),
                    image(n.get("image")), process(n.get("process")), root(n.get("root")), mounts(n.get("mounts")),
                    text(n.get("hostname")), linux(n.get("linux")), io(n.get("io")), lifecycle(n.get("lifecycle")),
                    annotations(n.get("annotations")));
        } catch (Mismatch | IllegalArgumentException | NullPointerException e) {
            return null; // Jackson decides, as it did before this reader
        }
    }

    private static ContainerConfig.Image image(JsonNode n) {
        n = fields(n, "reference", "digest", "topLayer");
        return new ContainerConfig.Image(text(n.get("reference")), text(n.get("digest")), text(n.get("topLayer")));
    }

    private static ContainerConfig.Process process(JsonNode n) {
        n = fields(n, "argv", "entrypoint", "cmd", "env", "workdir", "user", "capabilities", "ulimits", "init");
        return new ContainerConfig.Process(texts(n.get("argv")), texts(n.get("entrypoint")), texts(n.get("cmd")),
                texts(n.get("env")), text(n.get("workdir")), user(n.get("user")), texts(n.get("capabilities")),
                list(n.get("ulimits"), ContainerConfigTree::ulimit), bool(n.get("init")));
    }

    private static ContainerConfig.User user(JsonNode n) {
        n = fields(n, "spec", "uid", "gid", "groups", "home");
        return new ContainerConfig.User(text(n.get("spec")), integer(n.get("uid")), integer(n.get("gid")),
                list(n.get("groups"), WrittenForm::integer), text(n.get("home")));
    }

    private static ContainerConfig.Ulimit ulimit(JsonNode n) {
        n = fields(n, "name", "soft", "hard");
        return new ContainerConfig.Ulimit(text(n.get("name")), number(n.get("soft")), number(n.get("hard")));
    }

    private static ContainerConfig.Root root(JsonNode n) {
        n = fields(n, "lowers", "readonly");
        return new ContainerConfig.Root(list(n.get("lowers"), WrittenForm::path), bool(n.get("readonly")));
    }

    private static ContainerConfig.Mounts mounts(JsonNode n) {
        n = fields(n, "binds", "tmpfs");
        return new ContainerConfig.Mounts(list(n.get("binds"), ContainerConfigTree::bind), texts(n.get("tmpfs")));
    }

    private static ContainerConfig.Bind bind(JsonNode n) {
        n = fields(n, "hostPath", "containerPath", "readOnly");
        return new ContainerConfig.Bind(text(n.get("hostPath")), text(n.get("containerPath")), bool(n.get("readOnly")));
    }

    private static ContainerConfig.Linux linux(JsonNode n) {
        n = fields(n, "resources", "devices");
        JsonNode r = fields(n.get("resources"), "memoryBytes", "cpus", "pids");
        JsonNode cpus = r.get("cpus");
        if (!cpus.isDouble()) {
            throw new Mismatch();
        }
        return new ContainerConfig.Linux(
                new ContainerConfig.Limits(number(r.get("memoryBytes")), cpus.doubleValue(), number(r.get("pids"))),
                list(n.get("devices"), ContainerConfigTree::device));
    }

    private static ContainerConfig.Device device(JsonNode n) {
        n = fields(n, "hostPath", "containerPath", "permissions", "type", "major", "minor", "mode");
        String type = text(n.get("type"));
        if (type == null || type.length() != 1) {
            throw new Mismatch();
        }
        return new ContainerConfig.Device(text(n.get("hostPath")), text(n.get("containerPath")),
                text(n.get("permissions")), type.charAt(0), integer(n.get("major")), integer(n.get("minor")),
                integer(n.get("mode")));
    }

    private static ContainerConfig.Io io(JsonNode n) {
        n = fields(n, "stdin", "tty", "detached", "log", "stdinOnce", "attachStreams");
        JsonNode log = n.get("log");
        JsonNode attach = n.get("attachStreams");
        LogOptions options = null;
        if (!log.isNull()) {
            log = fields(log, "maxSize", "maxFiles");
            options = new LogOptions(number(log.get("maxSize")), integer(log.get("maxFiles")));
        }
        AttachStreams streams = null;
        if (!attach.isNull()) {
            attach = fields(attach, "stdin", "stdout", "stderr");
            streams = new AttachStreams(bool(attach.get("stdin")), bool(attach.get("stdout")), bool(attach.get("stderr")));
        }
        return new ContainerConfig.Io(bool(n.get("stdin")), bool(n.get("tty")), bool(n.get("detached")), options,
                bool(n.get("stdinOnce")), streams);
    }

    private static ContainerConfig.Lifecycle lifecycle(JsonNode n) {
        n = fields(n, "stopSignal", "autoRemove", "restart");
        String restart = text(n.get("restart"));
        return new ContainerConfig.Lifecycle(text(n.get("stopSignal")), bool(n.get("autoRemove")),
                restart == null ? null : RestartPolicy.parse(restart));
    }

    private static ContainerConfig.Annotations annotations(JsonNode n) {
        n = fields(n, "labels", "exposedPorts");
        Map<String, String> map = strings(n.get("labels"));
        return new ContainerConfig.Annotations(map, list(n.get("exposedPorts"), WrittenForm::integer));
    }
}
