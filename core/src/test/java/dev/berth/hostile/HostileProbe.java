package dev.berth.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The probe program ({@code probe.c} beside this class's resources): the system calls busybox
 * cannot make (keyctl, bpf, raw sockets, module loading...), compiled static with musl-gcc (or
 * gcc) once per JVM into a directory that a container binds read-only. A JVM that cannot write
 * {@code target/} (the rootless user's) is given a compiled copy by the system property
 * {@value #DIRECTORY_PROPERTY}.
 */
final class HostileProbe {
    /** A directory that already holds the compiled {@code probe}. */
    static final String DIRECTORY_PROPERTY = "berth.hostile.probe";

    private static Path directory;

    private HostileProbe() {
    }

    /** The directory holding the compiled {@code probe}; aborts the test, saying why, without a compiler. */
    static synchronized Path directory() throws IOException, InterruptedException {
        String given = System.getProperty(DIRECTORY_PROPERTY);
        if (given != null) {
            return Path.of(given);
        }
        if (directory == null) {
            Path dir = Files.createDirectories(Path.of("target", "hostile-probe").toAbsolutePath());
            Path source = dir.resolve("probe.c");
            try (InputStream in = HostileProbe.class.getResourceAsStream("probe.c")) {
                Files.write(source, in.readAllBytes());
            }
            String compiler = onPath("musl-gcc") ? "musl-gcc" : onPath("gcc") ? "gcc" : null;
            Assumptions.assumeTrue(compiler != null, "the probe needs musl-gcc or gcc (Debian musl-tools) to be compiled");
            Process p = new ProcessBuilder(compiler, "-static", "-O2", "-o", dir.resolve("probe").toString(), source.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                    compiler + " cannot build a static probe: " + out);
            directory = dir;
        }
        return directory;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
