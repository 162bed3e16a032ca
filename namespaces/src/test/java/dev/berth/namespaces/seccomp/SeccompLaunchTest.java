package dev.berth.namespaces.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real launches as root: the default profile is in force, and unconfined specs are not filtered. */
@RequiresRoot("launches processes under seccomp filters in new namespaces")
class SeccompLaunchTest {
    @TempDir
    static Path tmp;
    static Sandbox sandbox;
    static Path probeDir;

    @BeforeAll
    static void setUp() throws Exception {
        sandbox = Sandbox.shared();
        probeDir = tmp.resolve("probe");
        Files.createDirectories(probeDir);
        Path source = tmp.resolve("probe.c");
        try (InputStream in = SeccompLaunchTest.class.getResourceAsStream("probe.c")) {
            Files.copy(in, source);
        }
        Process cc = new ProcessBuilder("musl-gcc", "-static", "-O2", "-o", probeDir.resolve("probe").toString(),
                source.toString()).redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes());
        assumeTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "musl-gcc unavailable: " + out);
    }

    static ProcessSpec.Builder probe(String... calls) throws IOException {
        String[] argv = new String[calls.length + 1];
        argv[0] = "/probe/probe";
        System.arraycopy(calls, 0, argv, 1, calls.length);
        return sandbox.spec(argv).bind(probeDir, "/probe", true);
    }

    /** The errno each call ended with, from the probe's "name errno" lines. */
    static Map<String, Integer> errnos(ProcessSpec spec) throws Exception {
        Ran r = Ran.run(spec);
        assertEquals(0, r.status().shellCode(), r.toString());
        Map<String, Integer> m = new TreeMap<>();
        r.stdout().lines().map(l -> l.split(" ")).forEach(f -> m.put(f[0], Integer.parseInt(f[1])));
        return m;
    }

    @Test
    void defaultProfileFailsKeyctlBpfAndOddPersonalitiesWithEperm() throws Exception {
        Map<String, Integer> e = errnos(probe("keyctl", "bpf", "personality", "clone3", "getpid", "ptrace").build());
        assertEquals(1, e.get("keyctl"), e.toString());
        assertEquals(1, e.get("bpf"), e.toString());
        assertEquals(1, e.get("personality"), e.toString());
        assertEquals(38, e.get("clone3"), "ENOSYS so that libc falls back to clone: " + e);
        assertEquals(0, e.get("getpid"), e.toString());
        assertEquals(0, e.get("ptrace"), "PTRACE_TRACEME is allowed on kernels >= 4.8: " + e);
    }

    @Test
    void unconfinedSpecIsNotFiltered() throws Exception {
        Map<String, Integer> e = errnos(probe("keyctl", "bpf", "personality")
                .seccomp(SeccompProfile.unconfined()).build());
        assertEquals(0, e.get("keyctl"), e.toString());
        assertTrue(e.get("bpf") != 1, "bpf reaches the kernel (which refuses the null attribute): " + e);
        assertEquals(0, e.get("personality"), e.toString());

        String mode = "grep Seccomp: /proc/self/status";
        assertTrue(Ran.run(sandbox.spec("sh", "-c", mode).build()).stdout().contains("Seccomp:\t2"));
        assertTrue(Ran.run(sandbox.spec("sh", "-c", mode).seccomp(SeccompProfile.unconfined()).build())
                .stdout().contains("Seccomp:\t0"));
    }

    @Test
    void unshareOfAUserNamespaceIsRefused() throws Exception {
        Ran r = Ran.run(sandbox.spec("unshare", "-U", "true").build());
        assertTrue(r.status().shellCode() != 0, r.toString());
        assertTrue(r.stderr().contains("Operation not permitted"), r.toString());
    }

    @Test
    void mountWorksWhenCapSysAdminIsKept() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "mkdir -p /mnt/t && mount -t tmpfs x /mnt/t && grep -c ' /mnt/t tmpfs' /proc/mounts")
                .capabilities(Set.of(Capability.SYS_ADMIN)).build());
        assertEquals("1", r.stdout().trim(), r.toString());
        Ran denied = Ran.run(sandbox.spec("sh", "-c", "mkdir -p /mnt/t && mount -t tmpfs x /mnt/t").build());
        assertTrue(denied.status().shellCode() != 0, denied.toString());
    }

    @Test
    void ordinaryCommandsAndThreadsWork() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c",
                "ls / >/dev/null && cat /proc/self/status >/dev/null && sleep 0.1 && (echo sub) && echo ok | cat").build());
        assertEquals("sub\nok\n", r.stdout(), r.toString());
        Ran init = Ran.run(sandbox.spec("sh", "-c", "echo hi").init(true).build());
        assertEquals("hi\n", init.stdout(), init.toString());
    }

    @Test
    void withoutNoNewPrivsTheFilterIsInstalledBeforeCapabilitiesAreDropped() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status")
                .noNewPrivileges(false).user(1000, 1000).build());
        assertTrue(r.stdout().contains("Seccomp:\t2"), r.toString());
        assertTrue(r.stdout().contains("NoNewPrivs:\t0"), r.toString());
    }
}
