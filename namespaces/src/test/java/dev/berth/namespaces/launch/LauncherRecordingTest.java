package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.cgroup.FakeCgroups;
import dev.berth.namespaces.linux.RecordingSyscalls;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.process.ProcessWatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's conversation with the kernel and the helper, without root or a kernel. */
class LauncherRecordingTest {
    @TempDir
    Path tmp;

    private Launcher launcher(RecordingSyscalls sys) {
        StageOneBinary helper = new StageOneBinary(sys, "#!helper".getBytes(StandardCharsets.UTF_8));
        return new Launcher(sys, new ProcessWatcher(sys), helper, FakeCgroups.absent());
    }

    private ProcessSpec spec() {
        return ProcessSpec.builder("echo", "hi").name("rec").rootfs(RootFs.directory(tmp))
                .stdout(Stdio.discard()).stderr(Stdio.discard()).build();
    }

    @Test
    void spawnsTheHelperWithTheProtocolDescriptorsAndWritesTheSpec() {
        RecordingSyscalls sys = new RecordingSyscalls().queueRead("S 4321 9\n");
        IsolatedProcess p = launcher(sys).launch(spec());
        assertEquals(4321, p.pid());
        String spawn = sys.calls("spawn").get(0);
        assertTrue(spawn.startsWith("spawn(/proc/self/fd/"), spawn);
        assertTrue(spawn.contains("[berth-stage1, rec], []"), spawn);
        // fds 0..9: stdin, stdout, stderr (/dev/null = -1), spec, report, lifeline, no join fd,
        // no gate and no console: 7, 8 and 9 are /dev/null too, never whatever the JVM holds there
        List<String> pipes = sys.calls("pipe2");
        int specRead = pipeEnd(pipes.get(0), 0);
        int specWrite = pipeEnd(pipes.get(0), 1);
        int reportWrite = pipeEnd(pipes.get(1), 1);
        int lifeline = pipeEnd(pipes.get(2), 0);
        assertTrue(spawn.endsWith("[-1, -1, -1, " + specRead + ", " + reportWrite + ", " + lifeline + ", -1, -1, -1, -1])"), spawn);
        var recs = SpecDecoder.decode(sys.written(specWrite).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("echo", "hi"), SpecDecoder.tagged(recs, SpecEncoder.TAG_ARG).stream().map(SpecDecoder.Rec::string).toList());
        assertEquals(tmp.toString(), SpecDecoder.tagged(recs, SpecEncoder.TAG_ROOT).get(0).string());
        assertEquals(1, sys.calls("pidfd_getfd").size());
        assertTrue(sys.calls("pidfd_getfd").get(0).endsWith(", 9)"), "the container pidfd comes from the helper's fd 9");
        assertTrue(sys.calls("close").contains("close(" + specRead + ")"), "the helper's end of the spec pipe is closed");
        assertTrue(sys.calls("close").contains("close(" + specWrite + ")"), "the spec pipe is closed after writing");
    }

    @Test
    void aHelperErrorBecomesALaunchExceptionAndEveryDescriptorIsClosed() {
        RecordingSyscalls sys = new RecordingSyscalls().queueRead("E 2 execve /bin/nosuch\n");
        LaunchException e = assertThrows(LaunchException.class, () -> launcher(sys).launch(spec()));
        assertEquals("execve /bin/nosuch", e.step());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("process rec: execve /bin/nosuch: ENOENT (No such file or directory)", e.getMessage());
        List<String> pipes = sys.calls("pipe2");
        for (int i = 0; i < 2; i++) {
            for (int end = 0; end < 2; end++) {
                int fd = pipeEnd(pipes.get(i), end);
                assertTrue(sys.calls("close").contains("close(" + fd + ")"), "fd " + fd + " closed: " + sys.calls());
            }
        }
        assertEquals(1, sys.calls("waitid").size(), "the helper is reaped");
    }

    @Test
    void aHelperThatDiesSilentlyIsReported() {
        RecordingSyscalls sys = new RecordingSyscalls();
        LaunchException e = assertThrows(LaunchException.class, () -> launcher(sys).launch(spec()));
        assertTrue(e.getMessage().contains("stage-1 helper ended without a report"), e.getMessage());
    }

    @Test
    void aJoinSpecCarriesTheCgroupsToJoin() {
        RecordingSyscalls sys = new RecordingSyscalls().queueRead("S 4321 9\n").queueRead("S 4322 9\n");
        Launcher launcher = launcher(sys);
        IsolatedProcess target = launcher.launch(spec());
        List<Path> procs = List.of(Path.of("/sys/fs/cgroup/memory/berth/c/cgroup.procs"),
                Path.of("/sys/fs/cgroup/pids/berth/c/cgroup.procs"));
        launcher.launch(ProcessSpec.builder("true").name("exec").stdout(Stdio.discard()).stderr(Stdio.discard())
                .joinNamespacesOf(target).joinCgroups(procs).build());
        List<String> pipes = sys.calls("pipe2");
        // The second launch's spec pipe: the first launch made spec, report and lifeline pipes.
        var recs = SpecDecoder.decode(sys.written(pipeEnd(pipes.get(3), 1)).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, SpecDecoder.tagged(recs, SpecEncoder.TAG_JOIN).size(), "a join spec");
        assertEquals(procs.stream().map(Path::toString).toList(),
                SpecDecoder.tagged(recs, SpecEncoder.TAG_CGROUP_PROCS).stream().map(SpecDecoder.Rec::string).toList());
    }

    @Test
    void cgroupsToJoinNeedAJoinTargetAndCgroupProcsPaths() {
        var noTarget = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("true")
                .joinCgroups(List.of(Path.of("/sys/fs/cgroup/pids/x/cgroup.procs"))).build());
        assertTrue(noTarget.getMessage().contains("/sys/fs/cgroup/pids/x/cgroup.procs"), noTarget.getMessage());
        var notProcs = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("true")
                .joinCgroups(List.of(Path.of("/sys/fs/cgroup/pids/x/tasks"))));
        assertTrue(notProcs.getMessage().contains("/sys/fs/cgroup/pids/x/tasks"), notProcs.getMessage());
    }

    @Test
    void aNetworkGateGetsThePidAndTheExitPipeThenOpensTheHelpersGate() {
        RecordingSyscalls sys = new RecordingSyscalls().queueRead("N 4321\n").queueRead("S 4321 9\n");
        int[] seen = new int[2];
        ProcessSpec spec = ProcessSpec.builder("echo", "hi").name("rec").rootfs(RootFs.directory(tmp))
                .stdout(Stdio.discard()).stderr(Stdio.discard()).networkGate((pid, exitFd) -> {
                    seen[0] = pid;
                    seen[1] = exitFd;
                }).build();
        launcher(sys).launch(spec);
        List<String> pipes = sys.calls("pipe2");
        int gateRead = pipeEnd(pipes.get(3), 0);
        int gateWrite = pipeEnd(pipes.get(3), 1);
        int holdRead = pipeEnd(pipes.get(4), 0);
        int holdWrite = pipeEnd(pipes.get(4), 1);
        String spawn = sys.calls("spawn").get(0);
        assertTrue(spawn.endsWith(", -1, " + gateRead + ", " + holdWrite + ", -1])"), "fds 7, 8 and no console at 9: " + spawn);
        assertEquals(4321, seen[0]);
        assertEquals(holdRead, seen[1], "the gate gets the read end whose write end the helper holds");
        assertEquals("G", sys.written(gateWrite));
        for (int fd : new int[] {gateRead, gateWrite, holdRead, holdWrite}) {
            assertTrue(sys.calls("close").contains("close(" + fd + ")"), "fd " + fd + " closed: " + sys.calls());
        }
        var recs = SpecDecoder.decode(sys.written(pipeEnd(pipes.get(0), 1)).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, SpecDecoder.tagged(recs, SpecEncoder.TAG_NETWORK_GATE).size());
    }

    @Test
    void aGateThatThrowsFailsTheLaunchWithItsReasonAndLeavesTheGateShut() {
        RecordingSyscalls sys = new RecordingSyscalls().queueRead("N 4321\n")
                .queueRead("E 125 network gate: closed by Java\n");
        ProcessSpec spec = ProcessSpec.builder("echo", "hi").name("rec").rootfs(RootFs.directory(tmp))
                .stdout(Stdio.discard()).stderr(Stdio.discard()).networkGate((pid, exitFd) -> {
                    throw new java.io.IOException("host port 8080/tcp is already in use");
                }).build();
        LaunchException e = assertThrows(LaunchException.class, () -> launcher(sys).launch(spec));
        assertEquals("process rec: network: host port 8080/tcp is already in use", e.getMessage());
        assertTrue(e.getCause() instanceof java.io.IOException, String.valueOf(e.getCause()));
        assertEquals("", sys.written(pipeEnd(sys.calls("pipe2").get(3), 1)), "no G at the gate");
        assertEquals(1, sys.calls("waitid").size(), "the helper is reaped");
    }

    @Test
    void aGateNeedsANewNetworkNamespace() {
        assertThrows(IllegalArgumentException.class, () -> ProcessSpec.builder("true").hostNetwork()
                .networkGate((pid, fd) -> { }).build());
    }

    private static int pipeEnd(String call, int end) {
        String fds = call.substring(call.indexOf('=') + 1, call.length() - 1);
        return Integer.parseInt(fds.split(",")[end]);
    }
}
