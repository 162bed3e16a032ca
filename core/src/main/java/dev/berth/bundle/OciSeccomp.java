package dev.berth.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.seccomp.ArgCondition;
import dev.berth.namespaces.seccomp.SeccompAction;
import dev.berth.namespaces.seccomp.SeccompProfile;
import dev.berth.namespaces.seccomp.SyscallRule;
import java.util.Set;

/**
 * A seccomp profile as the runtime spec's {@code linux.seccomp}
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md#seccomp">config-linux.md#seccomp</a>):
 * Berth's profile resolved for one architecture, kernel and set of kept capabilities, since the
 * runtime spec has no conditional rules. Read back with {@link SeccompProfile#fromDockerJson},
 * whose format the runtime spec's is a subset of.
 */
final class OciSeccomp {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OciSeccomp() {
    }

    /** {@code profile} for this JVM's architecture and kernel and a process keeping {@code caps}. */
    static JsonNode of(SeccompProfile profile, Set<Capability> caps) {
        Arch arch = Arch.current();
        ObjectNode doc = NODES.objectNode();
        action(doc, "defaultAction", "defaultErrnoRet", profile.defaultAction());
        doc.putArray("architectures").add(arch == Arch.X86_64 ? "SCMP_ARCH_X86_64" : "SCMP_ARCH_AARCH64");
        ArrayNode syscalls = doc.putArray("syscalls");
        for (SyscallRule r : profile.rulesFor(arch, caps, System.getProperty("os.version"))) {
            ObjectNode s = syscalls.addObject();
            r.names().forEach(s.putArray("names")::add);
            action(s, "action", "errnoRet", r.action());
            if (!r.args().isEmpty()) {
                ArrayNode args = s.putArray("args");
                for (ArgCondition c : r.args()) {
                    ObjectNode a = args.addObject();
                    a.put("index", c.index());
                    a.set("value", unsigned(c.value()));
                    a.set("valueTwo", unsigned(c.valueTwo()));
                    a.put("op", "SCMP_CMP_" + c.op().name());
                }
            }
        }
        return doc;
    }

    private static void action(ObjectNode node, String field, String errnoField, SeccompAction action) {
        SeccompAction.Kind kind = action.kind();
        node.put(field, "SCMP_ACT_" + kind.name());
        if (kind == SeccompAction.Kind.ERRNO || kind == SeccompAction.Kind.TRACE) {
            node.put(errnoField, action.data());
        }
    }

    /** An unsigned 64-bit value as JSON's number (the schema's uint64). */
    private static JsonNode unsigned(long v) {
        return v >= 0 ? NODES.numberNode(v) : NODES.numberNode(new java.math.BigInteger(Long.toUnsignedString(v)));
    }
}
