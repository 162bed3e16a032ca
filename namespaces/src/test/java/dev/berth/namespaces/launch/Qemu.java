package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.testing.Executables;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * QEMU user-mode emulation for running the helper of the architecture this machine is not
 * ({@code qemu-aarch64-static} on x86_64, {@code qemu-x86_64-static} on aarch64).
 */
final class Qemu {
    private Qemu() {
    }

    /** The architecture that is not this JVM's. */
    static Arch foreign() {
        return Arch.current() == Arch.X86_64 ? Arch.AARCH64 : Arch.X86_64;
    }

    /** The emulator of {@code arch} on this machine's PATH. */
    static Optional<Path> emulator(Arch arch) {
        return Executables.find("qemu-" + arch.kernelName() + "-static");
    }

    /** Skips the calling test, saying why, without an emulator or a helper of {@code arch}. */
    static void assumeAvailable(Arch arch) {
        assumeTrue(emulator(arch).isPresent(), "qemu-" + arch.kernelName() + "-static is not installed (apt-get install qemu-user-static)");
        assumeTrue(StageOneBinary.architectures().contains(arch.kernelName()),
                "this build has no " + arch.kernelName() + " helper (no cross compiler when it was built)");
    }

    /** The command that runs {@code program} of {@code arch} under the emulator. */
    static List<String> command(Arch arch, Path program) {
        return List.of(emulator(arch).orElseThrow().toString(), program.toString());
    }
}
