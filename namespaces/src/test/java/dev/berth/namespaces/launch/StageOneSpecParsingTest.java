package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built helper's own spec parser ({@code stage1/spec.c}, its table of tag rules), fed specs
 * by hand as {@code protocol.h} allows when it is run without Java: the spec on fd 3, the report
 * lines on stderr. Needs no root: a spec without namespaces runs its command as a plain child.
 */
class StageOneSpecParsingTest {
    @TempDir
    Path dir;

    @Test
    void repeatedArgsAreOneArgv() throws Exception {
        byte[] spec = spec(string(SpecEncoder.TAG_ARG, "/bin/sh"), string(SpecEncoder.TAG_ARG, "-c"),
                string(SpecEncoder.TAG_ARG, "exit 3"));
        String report = run(spec, 0);
        assertTrue(report.startsWith("S "), report);
        assertTrue(report.endsWith("X exit 3\n"), report);
    }

    @Test
    void unknownTagIsNamed() throws Exception {
        assertEquals("E 22 spec: unknown tag 99\n", run(spec(string(SpecEncoder.TAG_ARG, "true"), u32(99, 1)), 1));
    }

    @Test
    void duplicateTagIsNamed() throws Exception {
        byte[] host = string(SpecEncoder.TAG_HOSTNAME, "a");
        assertEquals("E 22 spec: duplicate tag 5\n", run(spec(string(SpecEncoder.TAG_ARG, "true"), host, host), 1));
        // Tags from 32 up count as well (the helper's first parser only checked those below 32).
        byte[] tty = u32(SpecEncoder.TAG_TTY, 0);
        assertEquals("E 22 spec: duplicate tag 40\n", run(spec(string(SpecEncoder.TAG_ARG, "true"), tty, tty), 1));
    }

    @Test
    void wrongLengthIsNamed() throws Exception {
        byte[] shortTty = record(SpecEncoder.TAG_TTY, new byte[2]);
        assertEquals("E 22 spec: tag 40 has length 2, expected 4\n",
                run(spec(string(SpecEncoder.TAG_ARG, "true"), shortTty), 1));
    }

    @Test
    void aSpecOfAnotherProtocolIsRefused() throws Exception {
        byte[] spec = spec(string(SpecEncoder.TAG_ARG, "true"));
        spec[0] = 'X';
        assertEquals("E 22 spec: bad magic\n", run(spec, 1));
        spec = spec(string(SpecEncoder.TAG_ARG, "true"));
        spec[4] = 9;
        assertEquals("E 22 spec: unsupported version 9\n", run(spec, 1));
        byte[] whole = spec(string(SpecEncoder.TAG_ARG, "true"));
        assertEquals("E 22 spec: truncated record header at offset 8\n", run(Arrays.copyOf(whole, 12), 1));
        assertEquals("E 22 spec: tag 2 payload overruns the spec\n", run(Arrays.copyOf(whole, whole.length - 1), 1));
    }

    @Test
    void aCgroupGateNeedsGroupsToJoinAndNoJoin() throws Exception {
        // The gate holds the child until Java has made the groups whose files it names; without
        // such files, or when joining a container (whose groups exist), it would only stall.
        String refusal = "E 22 spec: TAG_CGROUP_GATE needs TAG_CGROUP_PROCS and no TAG_JOIN\n";
        byte[] arg = string(SpecEncoder.TAG_ARG, "true");
        byte[] gate = u32(SpecEncoder.TAG_CGROUP_GATE, 1);
        assertEquals(refusal, run(spec(arg, gate), 1));
        byte[] procs = string(SpecEncoder.TAG_CGROUP_PROCS, dir.resolve("cgroup.procs").toString());
        long cloneNewUts = 0x04000000L;
        assertEquals(refusal, run(spec(arg, procs, u64(SpecEncoder.TAG_JOIN, cloneNewUts), gate), 1));
    }

    @Test
    @RequiresRoot("the cgroup gate is awaited after the clone into a new UTS namespace")
    void aGateClosedWithoutItsByteFailsTheLaunchAndWritesNoGroup() throws Exception {
        // Java closes the gate (EOF) when it could not make the groups, or when it died: the
        // helper must then neither open the cgroup.procs files nor let the child run.
        assumeTrue(clonesIntoNamespaces(), "QEMU user-mode emulation refuses clone with namespace flags (EINVAL)");
        Path procs = Files.createFile(dir.resolve("cgroup.procs"));
        Path ran = dir.resolve("ran");
        byte[] spec = spec(u64(SpecEncoder.TAG_NAMESPACES, 0x04000000L),
                string(SpecEncoder.TAG_ARG, "/bin/sh"), string(SpecEncoder.TAG_ARG, "-c"),
                string(SpecEncoder.TAG_ARG, "touch " + ran),
                string(SpecEncoder.TAG_CGROUP_PROCS, procs.toString()), u32(SpecEncoder.TAG_CGROUP_GATE, 1));
        Path specFile = Files.write(dir.resolve("spec"), spec);
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec 3< \"$1\" 7< /dev/null; shift; exec \"$@\"",
                "sh", specFile.toString()));
        cmd.addAll(command(helper()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the helper did not exit");
        assertTrue(stderr.endsWith("E 125 cgroup gate: closed by Java\n"), stderr);
        assertTrue(p.exitValue() != 0, stderr);
        assertEquals(0, Files.size(procs), "a pid was written to the group's file");
        assertTrue(!Files.exists(ran), "the child ran its command past a closed gate");
    }

    /** Whether the helper can clone into new namespaces where it runs. */
    boolean clonesIntoNamespaces() {
        return true;
    }

    /** The architecture whose helper runs. */
    Arch arch() {
        return Arch.current();
    }

    /** The command that runs {@code helper}: the helper itself. */
    List<String> command(Path helper) {
        return List.of(helper.toString());
    }

    /** Runs the helper on spec; returns its report lines after checking its exit code. */
    String run(byte[] spec, int exitCode) throws IOException, InterruptedException {
        Path specFile = Files.write(dir.resolve("spec"), spec);
        Process p = new ProcessBuilder(withSpec(specFile, command(helper()))).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the helper did not exit");
        assertEquals(exitCode, p.exitValue(), stderr);
        return stderr;
    }

    Path helper() throws IOException {
        return helperIn(dir, arch());
    }

    /** The helper of {@code arch} from the class path, copied to an executable file in {@code dir}. */
    static Path helperIn(Path dir, Arch arch) throws IOException {
        Path bin = dir.resolve("berth-stage1-" + arch.kernelName());
        if (!Files.exists(bin)) {
            String res = "native/linux-" + arch.kernelName() + "/berth-stage1";
            try (InputStream in = SpecEncoder.class.getResourceAsStream(res)) {
                assertNotNull(in, res + " is not on the class path (built by the namespaces module)");
                Files.copy(in, bin);
            }
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("r-x------"));
        }
        return bin;
    }

    /** {@code command} with the spec file open on descriptor 3, as protocol.h has it. */
    static List<String> withSpec(Path specFile, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec 3< \"$1\"; shift; exec \"$@\"", "sh",
                specFile.toString()));
        cmd.addAll(command);
        return cmd;
    }

    static byte[] spec(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(8).putInt(SpecEncoder.MAGIC).putInt(SpecEncoder.VERSION).array());
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    static byte[] string(int tag, String s) {
        return record(tag, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] u32(int tag, int v) {
        return record(tag, le(4).putInt(v).array());
    }

    static byte[] u64(int tag, long v) {
        return record(tag, le(8).putLong(v).array());
    }

    static byte[] record(int tag, byte[] payload) {
        return le(8 + payload.length).putShort((short) tag).putShort((short) 0).putInt(payload.length).put(payload).array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
