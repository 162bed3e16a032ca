package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Architectures;
import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.testing.KernelHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helpers the build puts in the jar, one per architecture: each listed one is there, is a
 * static ELF executable of its machine, and the manifest names them; a missing one is a clear
 * error; and build.sh without a cross compiler says what the jar lacks and succeeds.
 */
class StageOneArchitecturesTest {
    /** ELF e_machine: EM_X86_64, EM_AARCH64. */
    private static final Map<Arch, Integer> MACHINE = Map.of(Arch.X86_64, 62, Arch.AARCH64, 183);
    private static final int PT_INTERP = 3;

    @TempDir
    Path dir;

    @Test
    void everyListedHelperIsAStaticExecutableOfItsMachine() {
        List<String> archs = Architectures.inJar();
        assertTrue(archs.contains(Architectures.inUse()), archs + " lacks this machine's " + Architectures.inUse());
        for (String name : archs) {
            Arch arch = Arch.of(name);
            ByteBuffer elf = ByteBuffer.wrap(StageOneBinary.bytes(arch, StageOneBinary.RESOURCES)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x464c457f, elf.getInt(0), name + ": not ELF");
            assertEquals(2, elf.get(4), name + ": not 64-bit");
            assertEquals(2, elf.getShort(16), name + ": not an executable (ET_EXEC)");
            assertEquals(MACHINE.get(arch), (int) elf.getShort(18), name + ": e_machine");
            long phoff = elf.getLong(32);
            int phentsize = elf.getShort(54);
            for (int i = 0; i < elf.getShort(56); i++) {
                assertFalse(elf.getInt((int) (phoff + (long) i * phentsize)) == PT_INTERP, name + " is dynamically linked");
            }
        }
    }

    @Test
    void aCrossCompilerOnTheBuildMachineMeansBothHelpers() {
        for (Arch arch : Arch.values()) {
            if (KernelHeaders.compiler(arch).isPresent()) {
                assertTrue(Architectures.inJar().contains(arch.kernelName()), arch + " has a compiler here but no helper");
            }
        }
    }

    @Test
    void theManifestListsTheArchitectures() throws IOException {
        // The jar plugin merges this file into the jar's MANIFEST.MF (see the namespaces pom).
        Path fragment = Path.of("target/stage1/MANIFEST.MF");
        assertTrue(Files.isRegularFile(fragment), fragment.toAbsolutePath() + " (written by build.sh)");
        try (var in = Files.newInputStream(fragment)) {
            String value = new Manifest(in).getMainAttributes().getValue("Berth-Native-Architectures");
            assertEquals(Architectures.inJar().stream().map(a -> "linux-" + a).toList(), List.of(value.split(" ")));
        }
    }

    @Test
    void aMissingHelperNamesTheArchitectureAndHowToBuildIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StageOneBinary.bytes(Arch.AARCH64, "no-helpers/"));
        assertEquals("no stage-1 helper for aarch64 in this jar (it has x86_64): build berth-namespaces where a C"
                + " compiler for aarch64 is installed (on Debian, x86_64: apt-get install gcc-aarch64-linux-gnu"
                + " libc6-dev-arm64-cross; see namespaces/src/main/c/build.sh)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void withoutACrossCompilerTheBuildSaysWhatTheJarLacksAndSucceeds() throws Exception {
        Arch host = Arch.current();
        Arch other = host == Arch.X86_64 ? Arch.AARCH64 : Arch.X86_64;
        // A PATH with every tool of this machine but the other architecture's compilers.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String d : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
            try (Stream<Path> tools = Files.list(Path.of(d))) {
                for (Path tool : (Iterable<Path>) tools::iterator) {
                    String name = tool.getFileName().toString();
                    if (!name.startsWith(other.kernelName() + "-")
                            && !Files.exists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(name), tool);
                    }
                }
            }
        }
        try {
            Path out = dir.resolve("native");
            Path manifest = dir.resolve("MANIFEST.MF");
            List<String> cmd = new ArrayList<>(List.of("bash", Path.of("src/main/c/build.sh").toAbsolutePath().toString(),
                    out.toString(), manifest.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PATH", bin.toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("BERTH_CC"));
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "build.sh did not finish");
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("WARNING: no C compiler for " + other.kernelName() + ": the jar lacks linux-"
                    + other.kernelName() + "/berth-stage1"), output);
            assertTrue(output.contains("the jar holds the stage-1 helper for " + host.kernelName() + " and lacks it for "
                    + other.kernelName()), output);
            assertTrue(Files.isExecutable(out.resolve("linux-" + host.kernelName() + "/berth-stage1")));
            assertFalse(Files.exists(out.resolve("linux-" + other.kernelName())));
            assertEquals(host.kernelName() + "\n", Files.readString(out.resolve("architectures")));
            assertTrue(Files.readString(manifest).contains("Berth-Native-Architectures: linux-" + host.kernelName() + "\n"));
        } finally {
            // Removed here: JUnit would warn about each link to outside its directory.
            try (Stream<Path> links = Files.list(bin)) {
                for (Path link : (Iterable<Path>) links::iterator) {
                    Files.delete(link);
                }
            }
        }
    }
}
