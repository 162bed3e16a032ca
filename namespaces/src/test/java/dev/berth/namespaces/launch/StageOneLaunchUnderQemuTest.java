package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.seccomp.SeccompProfile;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The other architecture's helper (aarch64 on an x86_64 machine) launching {@code /bin/true}
 * in new mount, UTS, IPC, PID and network namespaces on a busybox root, under QEMU user-mode
 * emulation, from the spec Java encodes for such a launch. QEMU (7.2, and every version to
 * date) refuses clone(2) with namespace flags, so here these tests end, skipped with the
 * helper's error, at the clone; they run through where an emulator allows it. The helper's own code (spec parsing,
 * clone into the namespaces, the mount plan, pivot_root, credentials, exec, reaping) runs
 * emulated; the container's busybox is the host's, which QEMU hands to the kernel to run
 * natively (there is no binfmt_misc entry for aarch64 here). Without a seccomp filter: the
 * filter Java compiles is for this JVM's architecture, and an emulated process's calls reach
 * the kernel as the host's.
 */
@RequiresRoot("creates namespaces and mounts")
class StageOneLaunchUnderQemuTest {
    private static final Pattern STARTED = Pattern.compile("S \\d+ -?\\d+\n");

    @TempDir
    Path dir;

    /** The helper of this machine runs the same spec natively: the control for the emulated run. */
    @ParameterizedTest(name = "emulated={0}")
    @ValueSource(booleans = {false, true})
    void launchesTrueInNewNamespaces(boolean emulated) throws Exception {
        String report = launch(emulated, ProcessSpec.builder("/bin/true"));
        String[] lines = report.split("(?<=\n)");
        assertTrue(lines.length == 2 && STARTED.matcher(lines[0]).matches(), report);
        assertEquals("X exit 0\n", lines[1], report);
    }

    @ParameterizedTest(name = "emulated={0}")
    @ValueSource(booleans = {false, true})
    void theContainerSeesItsOwnNamespaces(boolean emulated) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        String report = launch(emulated, ProcessSpec.builder("/bin/sh", "-c",
                "echo $$ $(hostname) > /out/seen; ls /sys/class/net >> /out/seen; exit 7")
                .hostname("emulated").bind(out, "/out", false));
        assertTrue(report.endsWith("X exit 7\n"), report);
        assertEquals("1 emulated\nlo\n", Files.readString(out.resolve("seen")));
    }

    /**
     * Runs {@code spec} (on a busybox root, without seccomp) with the foreign helper under QEMU,
     * or with this machine's natively; returns its report.
     */
    private String launch(boolean emulated, ProcessSpec.Builder spec) throws IOException, InterruptedException {
        Arch arch = emulated ? Qemu.foreign() : Arch.current();
        if (emulated) {
            Qemu.assumeAvailable(arch);
        }
        Path root = BusyboxRootfs.create(dir.resolve("root"));
        ProcessSpec s = spec.rootfs(RootFs.directory(root)).seccomp(SeccompProfile.unconfined()).build();
        Path specFile = Files.write(dir.resolve("spec"), SpecEncoder.encode(s, MountPlan.of(s, false), List.of(), 0));
        Path helper = StageOneSpecParsingTest.helperIn(dir, arch);
        List<String> cmd = StageOneSpecParsingTest.withSpec(specFile,
                emulated ? Qemu.command(arch, helper) : List.of(helper.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the helper did not exit");
        // QEMU's linux-user do_fork() refuses every flag it cannot emulate in a fork, which is
        // all of CLONE_NEW* (CLONE_INVALID_FORK_FLAGS), and has no clone3: the helper gets
        // EINVAL before any namespace exists. Everything before (spec, descriptors) has run.
        Assumptions.assumeFalse(emulated && p.exitValue() == 1 && stderr.equals("E 22 clone\n"),
                "QEMU user-mode emulation refuses clone(2) with CLONE_NEW* flags (the helper reported: "
                + stderr.strip() + "), so the emulated helper cannot create namespaces");
        assertEquals(0, p.exitValue(), stderr);
        return stderr;
    }

}
