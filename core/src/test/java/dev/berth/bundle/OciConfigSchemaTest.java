package dev.berth.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.DeviceNode;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Rlimit;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.seccomp.SeccompCompiler;
import dev.berth.namespaces.seccomp.SeccompProfile;
import dev.berth.namespaces.userns.IdMapping;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config.json Berth writes for a bundle holds to the runtime-spec schema, and reads back to the same launch. */
class OciConfigSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidator SCHEMA = new SchemaValidator("/runtime-spec");

    @TempDir
    Path bundle;

    private ProcessSpec spec(Path data) {
        return ProcessSpec.builder("sh", "-c", "id")
                .env("A", "1").workdir("/work").hostname("box")
                .rootfs(RootFs.directory(bundle.resolve("rootfs")))
                .user(1000, 1001).groups(List.of(5, 6)).umask(022)
                .capabilities(List.of(Capability.NET_BIND_SERVICE, Capability.CHOWN))
                .rlimit(new Rlimit(Rlimit.Type.NOFILE, 256, 512))
                .bind(data, "/data", true)
                .mount(Mount.tmpfs("/run", Mount.MS_NOSUID | Mount.MS_NODEV, "mode=1777,size=65536"))
                .device(new DeviceNode(Path.of("/dev/fuse"), "/dev/fuse", false, 10, 229, 0666))
                .limits(CgroupLimits.builder().memoryBytes(64 << 20).pidsMax(100).cpuQuota(50_000, 100_000).build())
                .userNamespace(UserNamespaceMap.direct(List.of(new IdMapping(0, 100000, 65536)),
                        List.of(new IdMapping(0, 100000, 65536))))
                .build();
    }

    @Test
    void theWrittenConfigHoldsToTheRuntimeSpecSchema(@TempDir Path data) {
        JsonNode doc = JSON.valueToTree(LaunchToOci.toOci(spec(data), "rootfs"));
        assertEquals(List.of(), SCHEMA.validate(doc, "config-schema.json"), doc.toPrettyString());
        // What runc needs spelled out, and the groups in their places.
        assertEquals("1.0.2", doc.get("ociVersion").asText());
        assertEquals("rootfs", doc.at("/root/path").asText());
        assertEquals("/proc", doc.at("/mounts/0/destination").asText());
        assertEquals(1000, doc.at("/process/user/uid").asInt());
        assertEquals("CAP_CHOWN", doc.at("/process/capabilities/bounding/0").asText());
        assertEquals("CAP_CHOWN", doc.at("/process/capabilities/ambient/0").asText(), "a non-root user's caps are ambient");
        assertEquals(100000, doc.at("/linux/uidMappings/0/hostID").asInt());
        assertEquals(64 << 20, doc.at("/linux/resources/memory/limit").asInt());
        assertEquals("SCMP_ACT_ERRNO", doc.at("/linux/seccomp/defaultAction").asText());
        assertTrue(doc.at("/linux/maskedPaths").size() > 5);
    }

    @Test
    void theValidatorFindsWhatIsWrongInABadDocument(@TempDir Path data) {
        ObjectNode doc = JSON.valueToTree(LaunchToOci.toOci(spec(data), "rootfs"));
        doc.put("hostname", 5);
        ((ObjectNode) doc.get("root")).remove("path");
        ((ObjectNode) doc.at("/linux/namespaces/0")).put("type", "galaxy");
        ((ObjectNode) doc.at("/process/user")).put("uid", -1);
        ((ObjectNode) doc.get("process")).put("args", "sh");
        List<String> errors = SCHEMA.validate(doc, "config-schema.json");
        assertEquals(5, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.hostname:")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.equals("$.root: missing required path")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.linux.namespaces[0]:")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.process.user.uid:")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.process.args:")), errors.toString());
    }

    @Test
    void aConfigReadsBackToTheSameLaunch(@TempDir Path data) {
        ProcessSpec spec = spec(data);
        ProcessSpec back = OciToLaunch.fromOci(LaunchToOci.toOci(spec, "rootfs"), bundle).name(spec.name()).build();
        assertEquals(spec.process(), back.process());
        assertEquals(spec.root().path().mountPoint(), back.root().path().mountPoint());
        assertEquals(spec.root().readonly(), back.root().readonly());
        assertEquals(spec.hostname(), back.hostname());
        assertEquals(spec.mounts(), back.mounts());
        assertEquals(spec.linux().namespaces().created(), back.linux().namespaces().created());
        assertEquals(spec.linux().namespaces().userMappings().uidMap(), back.linux().namespaces().userMappings().uidMap());
        assertEquals(spec.linux().resources(), back.linux().resources());
        assertEquals(spec.linux().devices(), back.linux().devices());
        assertTrue(back.linux().standardMounts());
        // The seccomp profile written resolved for these capabilities filters as Berth's own does.
        Set<Capability> caps = spec.process().capabilities();
        assertArrayEquals(SeccompCompiler.compile(SeccompProfile.defaultProfile(), Arch.current(), caps),
                SeccompCompiler.compile(back.linux().seccomp(), Arch.current(), caps));
    }

    @Test
    void processTerminalGivesTheProcessAConsole() {
        OciConfig.Linux mountNs = new OciConfig.Linux(List.of(new OciConfig.Namespace("mount", null)), null, null, null, null,
                null, null, null);
        OciConfig terminal = new OciConfig("1.0.2", new OciConfig.Process(true, null, List.of("sh"), null, "/", null,
                null, null), new OciConfig.Root("rootfs", null), null, null, mountNs, null);
        assertTrue(OciToLaunch.fromOci(terminal, bundle).name("t").build().io().console());
        OciConfig pipes = new OciConfig("1.0.2", new OciConfig.Process(false, null, List.of("sh"), null, "/", null,
                null, null), new OciConfig.Root("rootfs", null), null, null, mountNs, null);
        assertFalse(OciToLaunch.fromOci(pipes, bundle).name("p").build().io().console());
    }

    @Test
    void whatBerthCannotRunIsRefusedWithTheFieldNamed() {
        OciConfig.Process process = new OciConfig.Process(null, null, List.of("true"), null, "/", null, null, null);
        OciConfig hooks = new OciConfig("1.0.2", process, new OciConfig.Root("rootfs", null), null, null, null,
                JSON.createObjectNode().set("prestart", JSON.createArrayNode().addObject().put("path", "/bin/x")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OciToLaunch.fromOci(hooks, bundle))
                .getMessage().startsWith("hooks:"));
        OciConfig nfs = new OciConfig("1.0.2", process, new OciConfig.Root("rootfs", null), null,
                List.of(new OciConfig.Mount("/mnt", "nfs", "server:/x", null)), null, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OciToLaunch.fromOci(nfs, bundle))
                .getMessage().contains("/mnt of type nfs"));
        OciConfig joinPid = new OciConfig("1.0.2", process, new OciConfig.Root("rootfs", null), null, null,
                new OciConfig.Linux(List.of(new OciConfig.Namespace("pid", "/proc/1/ns/pid")), null, null, null, null,
                        null, null, null), null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OciToLaunch.fromOci(joinPid, bundle))
                .getMessage().startsWith("linux.namespaces:"));
    }

    @Test
    void noSeccompInTheConfigIsNoFilterAsInRunc() {
        OciConfig.Process process = new OciConfig.Process(null, null, List.of("true"), null, "/", null, null, null);
        OciConfig.Linux mountOnly = new OciConfig.Linux(List.of(new OciConfig.Namespace("mount", null)), null, null,
                null, null, null, null, null);
        ProcessSpec s = OciToLaunch.fromOci(new OciConfig("1.0.2", process, new OciConfig.Root("rootfs", null), null,
                null, mountOnly, null), bundle).build();
        assertTrue(s.linux().seccomp().isUnconfined());
        assertEquals(Set.of(Namespace.Type.MNT), s.linux().namespaces().created());
        assertNull(s.linux().resources());
        assertEquals(bundle.resolve("rootfs"), s.root().path().mountPoint());
    }
}
