package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real launches as root, on a busybox overlay root the test builds. */
@RequiresRoot("launches processes in new namespaces on an overlay root")
class LauncherTest {
    @TempDir
    static Path tmp;
    static Sandbox sandbox;

    @BeforeAll
    static void setUp() throws IOException {
        sandbox = Sandbox.shared();
    }

    @Test
    void processIsPidOneAndProcListsOnlyItsOwnProcesses() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "echo $$; ls /proc").build());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("1", lines.get(0), r.toString());
        List<Integer> pids = lines.stream().skip(1).filter(l -> l.matches("[0-9]+")).map(Integer::parseInt).toList();
        assertTrue(pids.contains(1), r.toString());
        assertTrue(pids.stream().allMatch(p -> p < 10), "only the container's processes: " + pids);
    }

    @Test
    void hostnameIsItsOwn() throws Exception {
        Ran r = Ran.run(sandbox.spec("hostname").hostname("box-one").build());
        assertEquals("box-one", r.stdout().trim());
    }

    @Test
    void networkNamespaceHasOnlyLoopback() throws Exception {
        Ran r = Ran.run(sandbox.spec("cat", "/proc/net/dev").build());
        List<String> ifaces = r.stdout().lines().skip(2).map(l -> l.trim().split(":")[0]).toList();
        assertEquals(List.of("lo"), ifaces, r.stdout());
    }

    @Test
    void defaultCredentialsHaveNoCapabilitiesAndNoNewPrivs() throws Exception {
        Ran r = Ran.run(sandbox.spec("grep", "-E", "^(CapEff|CapPrm|CapBnd|CapAmb|NoNewPrivs|Uid|Gid|SigBlk|SigIgn):", "/proc/self/status").build());
        String s = r.stdout();
        assertTrue(s.contains("CapEff:\t0000000000000000"), s);
        assertTrue(s.contains("CapBnd:\t0000000000000000"), s);
        assertTrue(s.contains("NoNewPrivs:\t1"), s);
        assertTrue(s.contains("SigBlk:\t0000000000000000"), s);
        assertTrue(s.contains("SigIgn:\t0000000000000000"), s);
        assertTrue(s.contains("Uid:\t0\t0\t0\t0"), s);
    }

    @Test
    void switchesUserAndGroup() throws Exception {
        Ran r = Ran.run(sandbox.spec("id").user(1000, 1000).groups(List.of(1000, 65534)).build());
        assertEquals("uid=1000(user) gid=1000(user) groups=1000(user),65534(nogroup)", r.stdout().trim());
    }

    @Test
    void keepsOnlyTheCapabilitiesAsked() throws Exception {
        Ran r = Ran.run(sandbox.spec("grep", "CapEff", "/proc/self/status")
                .capabilities(List.of(Capability.NET_BIND_SERVICE, Capability.CHOWN)).build());
        assertEquals("CapEff:\t0000000000000401", r.stdout().trim());
    }

    @Test
    void appliesRlimits() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "ulimit -n; ulimit -Hn")
                .rlimit(new Rlimit(Rlimit.Type.NOFILE, 256, 512)).build());
        assertEquals(List.of("256", "512"), r.stdout().lines().toList());
    }

    @Test
    void rlimitAboveTheHardLimitFailsBeforeStarting() {
        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().launch(
                sandbox.spec("true").rlimit(Rlimit.of(Rlimit.Type.NOFILE, Rlimit.UNLIMITED)).build()));
        assertTrue(e.getMessage().contains("rlimit NOFILE"), e.getMessage());
    }

    @Test
    void writesLandInTheUpperDirectoryAndTheLowerStaysUnchanged() throws Exception {
        RootFs root = sandbox.overlay();
        Ran r = Ran.run(ProcessSpec.builder("sh", "-c", "echo hello > /tmp/new && rm /etc/group && echo done")
                .rootfs(root).build());
        assertEquals("done", r.stdout().trim(), r.toString());
        assertEquals("hello\n", Files.readString(root.upper().resolve("tmp/new")));
        assertTrue(Files.exists(sandbox.lower().resolve("etc/group")));
        assertFalse(Files.exists(sandbox.lower().resolve("tmp/new")));
    }

    @Test
    void aMountMadeInsideIsInvisibleOutside() throws Exception {
        RootFs root = sandbox.overlay();
        Ran r = Ran.run(ProcessSpec.builder("sh", "-c", "mkdir -p /mnt/inside && mount -t tmpfs inside-tmpfs /mnt/inside"
                        + " && grep -c inside-tmpfs /proc/self/mountinfo")
                .rootfs(root).capabilities(List.of(Capability.SYS_ADMIN)).build());
        assertEquals("1", r.stdout().trim(), r.toString());
        String host = Files.readString(Path.of("/proc/self/mountinfo"));
        assertFalse(host.contains("inside-tmpfs"), "the container's tmpfs leaked to the host");
        assertFalse(host.contains(root.mountPoint().toString()), "the container's root is mounted on the host");
    }

    @Test
    void standardFilesystemsAreThere() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "ls /dev; echo ---; cat /proc/kcore | wc -c; echo x > /proc/sys/kernel/hostname; "
                + "touch /sys/x; grep -E ' /(dev/pts|dev/shm|dev/mqueue|sys) ' /proc/self/mountinfo | cut -d' ' -f5,6").build());
        String out = r.stdout();
        for (String dev : List.of("null", "zero", "full", "random", "urandom", "tty", "pts", "shm", "mqueue", "fd", "ptmx")) {
            assertTrue(out.lines().anyMatch(dev::equals), "missing /dev/" + dev + " in " + out);
        }
        assertTrue(out.contains("---\n0\n"), "/proc/kcore is masked: " + out);
        assertTrue(out.contains("/sys ro,"), "/sys is read-only: " + out);
        assertTrue(r.stderr().contains("Read-only file system"), r.stderr());
    }

    @Test
    void readOnlyRootRefusesWrites() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "touch /x || echo refused; touch /tmp/y || echo refused-too")
                .readOnlyRoot(true).build());
        assertEquals("refused\nrefused-too\n", r.stdout());
    }

    @Test
    void exitCodesSignalsAndTimeouts() throws Exception {
        assertEquals(ExitStatus.exited(7), Ran.run(sandbox.spec("sh", "-c", "exit 7").build()).status());
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sleep", "100").build())) {
            assertTrue(p.waitFor(Duration.ofMillis(200)).isEmpty(), "sleep 100 still runs");
            assertTrue(p.isAlive());
            assertTrue(p.kill());
            ExitStatus st = p.waitFor(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(9, st.signal());
            assertFalse(st.oomKilled());
            assertFalse(p.kill(), "no signal after exit");
        }
        try (IsolatedProcess p = Launcher.system().launch(
                sandbox.spec("sh", "-c", "trap 'exit 3' TERM; echo ready; while true; do sleep 0.05; done").build())) {
            assertEquals('r', p.stdout().read());
            assertTrue(p.signal(IsolatedProcess.SIGTERM));
            assertEquals(ExitStatus.exited(3), p.waitFor(Duration.ofSeconds(10)).orElseThrow());
        }
    }

    @Test
    void stdinIsPiped() throws Exception {
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("cat").stdin(Stdio.pipe()).build())) {
            p.stdin().write("through the pipe\n".getBytes(StandardCharsets.UTF_8));
            p.stdin().close();
            assertEquals("through the pipe\n", new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, p.waitFor().exitCode());
        }
    }

    @Test
    void missingExecutableNamesTheStepAndErrno() throws Exception {
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.system().launch(sandbox.spec("/bin/nosuch").name("missing-exe").build()));
        assertEquals("execve /bin/nosuch", e.step());
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().contains("missing-exe"), e.getMessage());
        LaunchException e2 = assertThrows(LaunchException.class,
                () -> Launcher.system().launch(sandbox.spec("nosuch-in-path").build()));
        assertEquals("ENOENT", e2.errnoName(), e2.getMessage());
    }

    @Test
    void missingRootOrLowerFailsBeforeAnyProcessStarts() throws Exception {
        Path nowhere = tmp.resolve("does-not-exist");
        RootFs good = sandbox.overlay();
        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().launch(ProcessSpec.builder("true")
                .rootfs(RootFs.overlay(List.of(nowhere), good.upper(), good.work(), good.mountPoint())).build()));
        assertTrue(e.getMessage().contains("lower directory " + nowhere + " does not exist"), e.getMessage());
        LaunchException e2 = assertThrows(LaunchException.class, () -> Launcher.system().launch(ProcessSpec.builder("true")
                .rootfs(RootFs.directory(nowhere)).build()));
        assertTrue(e2.getMessage().contains(nowhere + " does not exist"), e2.getMessage());
    }

    @Test
    void aBadMountNamesTheMount() throws Exception {
        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().launch(sandbox.spec("true")
                .mount(Mount.of("nosuchfs", "x", "/mnt/x", 0, null)).build()));
        assertTrue(e.step().contains("/mnt/x"), e.getMessage());
        assertEquals("ENODEV", e.errnoName(), e.getMessage());
    }

    @Test
    void memoryLimitOomKillsAndTheHandleSaysSo() throws Exception {
        Ran r = Ran.run(sandbox.spec("dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1")
                .limits(CgroupLimits.builder().memoryBytes(32L << 20).build()).build());
        assertEquals(9, r.status().signal(), r.toString());
        assertTrue(r.status().oomKilled(), r.toString());
    }

    @Test
    void pidsLimitStopsAForkBomb() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "i=0; while [ $i -lt 40 ]; do sleep 2 & i=$((i+1)); done; wait")
                .limits(CgroupLimits.builder().pidsMax(8).build()).build());
        assertTrue(r.stderr().contains("can't fork"), r.toString());
    }

    @Test
    void bindMountsHonourReadOnly() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "from host");
        Ran r = Ran.run(sandbox.spec("sh", "-c", "cat /data/in.txt; echo; touch /data/new || echo ro")
                .bind(data, "/data", true).build());
        assertEquals("from host\nro\n", r.stdout());
        Ran w = Ran.run(sandbox.spec("sh", "-c", "echo written > /data/out.txt").bind(data, "/data", false).build());
        assertEquals(0, w.status().exitCode(), w.toString());
        assertEquals("written\n", Files.readString(data.resolve("out.txt")));
    }

    @Test
    void joinedProcessSeesTheSamePidNamespaceHostnameAndRoot() throws Exception {
        try (IsolatedProcess target = Launcher.system().launch(sandbox.spec("sh", "-c", "echo marked > /marker; echo up; sleep 60")
                .hostname("joined-box").build())) {
            assertEquals('u', target.stdout().read());
            Ran r = Ran.run(ProcessSpec.builder("sh", "-c", "hostname; cat /marker; cat /proc/1/cmdline | tr '\\0' ' '")
                    .joinNamespacesOf(target).build());
            assertEquals(List.of("joined-box", "marked", "sleep 60 "),
                    r.stdout().lines().toList(), r.toString());
        }
    }

    @Test
    void namespacesAreCreatedAsAsked() throws Exception {
        Ran r = Ran.run(sandbox.spec("sh", "-c", "readlink /proc/self/ns/uts; readlink /proc/self/ns/net")
                .namespaces(Set.of(dev.berth.namespaces.Namespace.Type.MNT, dev.berth.namespaces.Namespace.Type.PID,
                        dev.berth.namespaces.Namespace.Type.UTS))
                .standardMounts(true).build());
        List<String> ns = r.stdout().lines().toList();
        assertEquals(2, ns.size(), r.toString());
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(), ns.get(1), "the host's net ns was kept");
        assertFalse(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString().equals(ns.get(0)), "a new uts ns");
    }
}
