package dev.berth.namespaces.launch;

import static dev.berth.namespaces.launch.SpecDecoder.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Namespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecEncoderTest {
    private final ProcessSpec spec = ProcessSpec.builder("sh", "-c", "echo hi")
            .env("A", "1").workdir("/work").hostname("box")
            .namespaces(Set.of(Namespace.Type.MNT, Namespace.Type.PID, Namespace.Type.NET, Namespace.Type.UTS))
            .rootfs(RootFs.directory(Path.of("/r")))
            .user(1000, 1001).groups(List.of(5, 6))
            .capabilities(List.of(Capability.NET_BIND_SERVICE, Capability.CHOWN))
            .rlimit(new Rlimit(Rlimit.Type.NOFILE, 256, 512))
            .build();

    @Test
    void encodesEveryFieldAsProtocolHDefinesIt() {
        List<Mount> plan = List.of(Mount.bind(Path.of("/host"), "/data", true));
        var recs = SpecDecoder.decode(SpecEncoder.encode(spec, plan, List.of("/sys/fs/cgroup/pids/x/cgroup.procs"), 0));
        assertEquals(0x20000000L | 0x00020000L | 0x40000000L | 0x04000000L, tagged(recs, SpecEncoder.TAG_NAMESPACES).get(0).u64());
        assertEquals(List.of("sh", "-c", "echo hi"), tagged(recs, SpecEncoder.TAG_ARG).stream().map(SpecDecoder.Rec::string).toList());
        assertEquals(List.of(ProcessSpec.DEFAULT_PATH, "A=1"), tagged(recs, SpecEncoder.TAG_ENV).stream().map(SpecDecoder.Rec::string).toList());
        assertEquals("/work", tagged(recs, SpecEncoder.TAG_CWD).get(0).string());
        assertEquals("box", tagged(recs, SpecEncoder.TAG_HOSTNAME).get(0).string());
        assertEquals("/r", tagged(recs, SpecEncoder.TAG_ROOT).get(0).string());
        assertEquals(List.of(2, Mount.MKFILE, 4096L | 16384L | 1L, 0, 0L, "/host", "/data", "", ""),
                tagged(recs, SpecEncoder.TAG_MOUNT).get(0).mount());
        assertEquals((1L << 10) | 1L, tagged(recs, SpecEncoder.TAG_CAPS).get(0).u64());
        assertEquals(1, tagged(recs, SpecEncoder.TAG_NO_NEW_PRIVS).get(0).u32());
        assertEquals(1, tagged(recs, SpecEncoder.TAG_DIE_WITH_PARENT).get(0).u32());
        assertEquals(1, tagged(recs, SpecEncoder.TAG_LOOPBACK).get(0).u32(), "lo comes up in a new net ns");
        assertEquals("/sys/fs/cgroup/pids/x/cgroup.procs", tagged(recs, SpecEncoder.TAG_CGROUP_PROCS).get(0).string());
        var user = tagged(recs, SpecEncoder.TAG_USER).get(0).payload().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(1000, user.getInt());
        assertEquals(1001, user.getInt());
        var groups = tagged(recs, SpecEncoder.TAG_GROUPS).get(0).payload().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, groups.getInt());
        assertEquals(5, groups.getInt());
        assertEquals(6, groups.getInt());
        var rl = tagged(recs, SpecEncoder.TAG_RLIMIT).get(0).payload().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(7, rl.getInt());
        rl.getInt();
        assertEquals(256, rl.getLong());
        assertEquals(512, rl.getLong());
    }

    @Test
    void joinModeSendsJoinFlagsInsteadOfNewNamespaces() {
        var recs = SpecDecoder.decode(SpecEncoder.encode(spec, List.of(), List.of(), 0x40000000));
        assertTrue(tagged(recs, SpecEncoder.TAG_NAMESPACES).isEmpty());
        assertEquals(0x40000000L, tagged(recs, SpecEncoder.TAG_JOIN).get(0).u64());
    }

    @Test
    void aRotatedLogSendsItsSizeAndFileCountAfterTheLogFile() {
        ProcessSpec logged = ProcessSpec.builder("true").logFile(Path.of("/c/log.json"), 10L << 20, 3).build();
        var recs = SpecDecoder.decode(SpecEncoder.encode(logged, List.of(), List.of(), 0));
        assertEquals("/c/log.json", tagged(recs, SpecEncoder.TAG_LOG_FILE).get(0).string());
        var rotate = tagged(recs, SpecEncoder.TAG_LOG_ROTATE).get(0).payload().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(16, rotate.remaining());
        assertEquals(10L << 20, rotate.getLong());
        assertEquals(3, rotate.getInt());
        assertEquals(0, rotate.getInt());
        var unrotated = SpecDecoder.decode(SpecEncoder.encode(ProcessSpec.builder("true").logFile(Path.of("/c/log.json")).build(),
                List.of(), List.of(), 0));
        assertTrue(tagged(unrotated, SpecEncoder.TAG_LOG_ROTATE).isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("true").logFile(Path.of("/l"), 0, 3));
        assertTrue(e.getMessage().contains("0 bytes x 3"), e.getMessage());
    }

    @Test
    void anAttachedLogSendsTheAttachTagAndPipesForStdoutAndStderr() {
        ProcessSpec attached = ProcessSpec.builder("true").logFile(Path.of("/c/log.json")).attach(true).build();
        var recs = SpecDecoder.decode(SpecEncoder.encode(attached, List.of(), List.of(), 0));
        assertEquals(1, tagged(recs, SpecEncoder.TAG_ATTACH).get(0).u32());
        // The helper forwards to its own 1 and 2: they must be pipes this JVM reads.
        assertEquals(Stdio.Kind.PIPE, attached.io().stdout().kind());
        assertEquals(Stdio.Kind.PIPE, attached.io().stderr().kind());
        ProcessSpec logged = ProcessSpec.builder("true").logFile(Path.of("/c/log.json")).build();
        assertTrue(tagged(SpecDecoder.decode(SpecEncoder.encode(logged, List.of(), List.of(), 0)), SpecEncoder.TAG_ATTACH).isEmpty());
        assertEquals(Stdio.Kind.DISCARD, logged.io().stdout().kind());
        var e = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("true").attach(true).build());
        assertTrue(e.getMessage().contains("needs a log file"), e.getMessage());
    }

    /** Every TAG_ constant here has the number protocol.h gives it, and every tag there is known here. */
    @Test
    void everyTagAgreesWithProtocolH() throws Exception {
        String header = java.nio.file.Files.readString(Path.of("src/main/c/stage1/protocol.h"));
        java.util.Map<String, Integer> inC = new java.util.TreeMap<>();
        var m = java.util.regex.Pattern.compile("\\b(TAG_[A-Z_0-9]+) = (\\d+),").matcher(header);
        while (m.find()) {
            inC.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        java.util.Map<String, Integer> inJava = new java.util.TreeMap<>();
        for (var f : SpecEncoder.class.getDeclaredFields()) {
            if (f.getName().startsWith("TAG_") && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                inJava.put(f.getName(), f.getInt(null));
            }
        }
        assertTrue(inC.size() > 30, "protocol.h was not parsed: " + inC);
        inJava.forEach((name, value) -> assertEquals(inC.get(name), value, name + " in SpecEncoder and protocol.h"));
        // Tags the encoder does not send (its decoder tests name them by number) are allowed to
        // be missing here, but not to collide with one that is.
        assertEquals(inC.size(), new java.util.HashSet<>(inC.values()).size(), "two tags share a number: " + inC);
    }

    @Test
    void refusesNulBytes() {
        ProcessSpec bad = ProcessSpec.builder("echo", "a\0b").build();
        assertThrows(IllegalArgumentException.class, () -> SpecEncoder.encode(bad, List.of(), List.of(), 0));
    }

    @Test
    void builderRejectsBadInputWithTheInputNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("x").hostname("bad host"));
        assertTrue(e.getMessage().contains("bad host"));
        var e2 = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("x").env(List.of("NOEQUALS")));
        assertTrue(e2.getMessage().contains("NOEQUALS"));
        assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("x").workdir("relative"));
        assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder());
        assertThrows(IllegalArgumentException.class, () -> new Rlimit(Rlimit.Type.NOFILE, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("x").hostname("h")
                .namespaces(Set.of(Namespace.Type.MNT)).build());
    }
}
