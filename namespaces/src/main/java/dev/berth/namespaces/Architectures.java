package dev.berth.namespaces;

import dev.berth.namespaces.launch.StageOneBinary;
import dev.berth.namespaces.linux.Arch;
import java.util.List;

/**
 * The processor architecture Berth runs on, and those its jar holds the native stage-1 helper
 * for (the build makes it for x86_64 and aarch64 where it has a compiler for each; see
 * {@code namespaces/src/main/c/build.sh}). Names are as {@code uname -m} prints them.
 */
public final class Architectures {
    private Architectures() {
    }

    /** The architecture of this JVM, whose helper and kernel tables are used: {@code x86_64} or {@code aarch64}. */
    public static String inUse() {
        return Arch.current().kernelName();
    }

    /** The architectures this jar has a stage-1 helper for. */
    public static List<String> inJar() {
        return StageOneBinary.architectures();
    }
}
