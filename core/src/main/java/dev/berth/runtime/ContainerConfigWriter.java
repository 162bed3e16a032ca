package dev.berth.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.berth.AttachStreams;
import dev.berth.log.LogOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ContainerConfig} as {@code config.json}, byte for byte as
 * {@code Json.mapper().writeValueAsBytes(config)} does, with Jackson's streaming generator alone
 * (#17: building the mapper and its record serializers cost {@code berth run} some 80 ms of its
 * "create container directory" step). The fields are the record components in declaration order,
 * as the mapper orders them; {@link ContainerConfigTree} reads the result back by hand.
 */
final class ContainerConfigWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ContainerConfigWriter() {
    }

    /** The compact JSON of {@code c}. */
    static byte[] write(ContainerConfig c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            g.writeStringField("name", c.name());
            g.writeStringField("created", c.created());
            image(g, c.image());
            process(g, c.process());
            root(g, c.root());
            mounts(g, c.mounts());
            g.writeStringField("hostname", c.hostname());
            linux(g, c.linux());
            io(g, c.io());
            lifecycle(g, c.lifecycle());
            annotations(g, c.annotations());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void image(JsonGenerator g, ContainerConfig.Image i) throws IOException {
        g.writeObjectFieldStart("image");
        g.writeStringField("reference", i.reference());
        g.writeStringField("digest", i.digest());
        g.writeStringField("topLayer", i.topLayer());
        g.writeEndObject();
    }

    private static void process(JsonGenerator g, ContainerConfig.Process p) throws IOException {
        g.writeObjectFieldStart("process");
        strings(g, "argv", p.argv());
        strings(g, "entrypoint", p.entrypoint());
        strings(g, "cmd", p.cmd());
        strings(g, "env", p.env());
        g.writeStringField("workdir", p.workdir());
        ContainerConfig.User u = p.user();
        g.writeFieldName("user");
        if (u == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("spec", u.spec());
            g.writeNumberField("uid", u.uid());
            g.writeNumberField("gid", u.gid());
            integers(g, "groups", u.groups());
            g.writeStringField("home", u.home());
            g.writeEndObject();
        }
        strings(g, "capabilities", p.capabilities());
        g.writeFieldName("ulimits");
        if (p.ulimits() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (ContainerConfig.Ulimit l : p.ulimits()) {
                if (l == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("name", l.name());
                g.writeNumberField("soft", l.soft());
                g.writeNumberField("hard", l.hard());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeBooleanField("init", p.init());
        g.writeEndObject();
    }

    private static void root(JsonGenerator g, ContainerConfig.Root r) throws IOException {
        g.writeObjectFieldStart("root");
        g.writeFieldName("lowers");
        if (r.lowers() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (Path p : r.lowers()) {
                if (p == null) {
                    g.writeNull();
                } else {
                    g.writeString(p.toString()); // ToStringSerializer, as the record's annotation says
                }
            }
            g.writeEndArray();
        }
        g.writeBooleanField("readonly", r.readonly());
        g.writeEndObject();
    }

    private static void mounts(JsonGenerator g, ContainerConfig.Mounts m) throws IOException {
        g.writeObjectFieldStart("mounts");
        g.writeFieldName("binds");
        if (m.binds() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (ContainerConfig.Bind b : m.binds()) {
                if (b == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("hostPath", b.hostPath());
                g.writeStringField("containerPath", b.containerPath());
                g.writeBooleanField("readOnly", b.readOnly());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        strings(g, "tmpfs", m.tmpfs());
        g.writeEndObject();
    }

    private static void linux(JsonGenerator g, ContainerConfig.Linux l) throws IOException {
        g.writeObjectFieldStart("linux");
        ContainerConfig.Limits r = l.resources();
        g.writeFieldName("resources");
        if (r == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("memoryBytes", r.memoryBytes());
            g.writeNumberField("cpus", r.cpus());
            g.writeNumberField("pids", r.pids());
            g.writeEndObject();
        }
        g.writeFieldName("devices");
        if (l.devices() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (ContainerConfig.Device d : l.devices()) {
                if (d == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("hostPath", d.hostPath());
                g.writeStringField("containerPath", d.containerPath());
                g.writeStringField("permissions", d.permissions());
                g.writeStringField("type", String.valueOf(d.type()));
                g.writeNumberField("major", d.major());
                g.writeNumberField("minor", d.minor());
                g.writeNumberField("mode", d.mode());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void io(JsonGenerator g, ContainerConfig.Io io) throws IOException {
        g.writeObjectFieldStart("io");
        g.writeBooleanField("stdin", io.stdin());
        g.writeBooleanField("tty", io.tty());
        g.writeBooleanField("detached", io.detached());
        LogOptions log = io.log();
        g.writeFieldName("log");
        if (log == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("maxSize", log.maxSize());
            g.writeNumberField("maxFiles", log.maxFiles());
            g.writeEndObject();
        }
        g.writeBooleanField("stdinOnce", io.stdinOnce());
        AttachStreams a = io.attachStreams();
        g.writeObjectFieldStart("attachStreams"); // never null: the record makes it NONE
        g.writeBooleanField("stdin", a.stdin());
        g.writeBooleanField("stdout", a.stdout());
        g.writeBooleanField("stderr", a.stderr());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void lifecycle(JsonGenerator g, ContainerConfig.Lifecycle l) throws IOException {
        g.writeObjectFieldStart("lifecycle");
        g.writeStringField("stopSignal", l.stopSignal());
        g.writeBooleanField("autoRemove", l.autoRemove());
        g.writeStringField("restart", l.restart().toString()); // its @JsonValue; never null: the record makes it NO
        g.writeEndObject();
    }

    private static void annotations(JsonGenerator g, ContainerConfig.Annotations a) throws IOException {
        g.writeObjectFieldStart("annotations");
        g.writeFieldName("labels");
        Map<String, String> labels = a.labels();
        if (labels == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (e.getKey() == null) {
                    throw new IOException("a label without a name cannot be written to config.json");
                }
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        integers(g, "exposedPorts", a.exposedPorts());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeFieldName(field);
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : values) {
            g.writeString(s); // a null is written as null
        }
        g.writeEndArray();
    }

    private static void integers(JsonGenerator g, String field, List<Integer> values) throws IOException {
        g.writeFieldName(field);
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (Integer i : values) {
            if (i == null) {
                g.writeNull();
            } else {
                g.writeNumber(i.intValue());
            }
        }
        g.writeEndArray();
    }
}
