package dev.berth.namespaces.launch;

import dev.berth.namespaces.linux.Arch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link StageOneSpecParsingTest}'s cases run by the other architecture's helper under QEMU
 * user-mode emulation: on an x86_64 machine, the aarch64 helper from the same jar under
 * {@code qemu-aarch64-static} (Debian's qemu-user-static). Skipped, saying why, where QEMU or
 * that helper is missing. The commands the helper starts ({@code /bin/sh}) are the host's own
 * binaries, which QEMU hands to the kernel to run natively.
 */
class StageOneSpecParsingUnderQemuTest extends StageOneSpecParsingTest {
    @BeforeEach
    void needsQemu() {
        Qemu.assumeAvailable(arch());
    }

    @Override
    boolean clonesIntoNamespaces() {
        return false;
    }

    @Override
    Arch arch() {
        return Qemu.foreign();
    }

    @Override
    List<String> command(Path helper) {
        return Qemu.command(arch(), helper);
    }
}
