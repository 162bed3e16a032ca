package dev.berth.namespaces.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.linux.Arch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An architecture's kernel and C library headers, read through its C compiler: the build
 * machine's own {@code gcc} (or {@code cc}) for its architecture, {@code <arch>-linux-gnu-gcc}
 * (Debian's {@code gcc-aarch64-linux-gnu} with {@code libc6-dev-arm64-cross}) for the other.
 * The compiler, not a parser of ours, resolves the headers' includes and macros. Tests skip,
 * naming the package to install, where an architecture's compiler is missing.
 */
public final class KernelHeaders {
    private static final Pattern DEFINE = Pattern.compile("#define (\\w+) (.+)");

    private final Arch arch;
    private final String compiler;

    private KernelHeaders(Arch arch, String compiler) {
        this.arch = arch;
        this.compiler = compiler;
    }

    /** The headers of {@code arch}; skips the calling test when its compiler is missing. */
    public static KernelHeaders of(Arch arch) {
        Optional<String> cc = compiler(arch);
        assumeTrue(cc.isPresent(), () -> "no C compiler for " + arch.kernelName() + " (install "
                + (arch == Arch.AARCH64 ? "gcc-aarch64-linux-gnu libc6-dev-arm64-cross" : "gcc libc6-dev") + ")");
        return new KernelHeaders(arch, cc.get());
    }

    /** The compiler for {@code arch} on this machine, if there is one. */
    public static Optional<String> compiler(Arch arch) {
        boolean native_ = arch == Arch.of(System.getProperty("os.arch"));
        List<String> names = native_ ? List.of("gcc", "cc", arch.kernelName() + "-linux-gnu-gcc")
                : List.of(arch.kernelName() + "-linux-gnu-gcc");
        return names.stream().filter(n -> Executables.find(n).isPresent()).findFirst();
    }

    public Arch arch() {
        return arch;
    }

    /** The compiler's name ({@code aarch64-linux-gnu-gcc}). */
    public String compiler() {
        return compiler;
    }

    /**
     * Every object-like macro that {@code source} defines, after preprocessing with the
     * compiler's {@code -dM -E}, by name (the definition's text, unexpanded).
     */
    public Map<String, String> macros(String source) throws IOException, InterruptedException {
        Result r = run(source, "-dM", "-E");
        if (r.exitCode != 0) {
            throw new AssertionError(compiler + " -dM -E failed: " + r.stderr);
        }
        Map<String, String> macros = new LinkedHashMap<>();
        for (String line : r.stdout.split("\n")) {
            Matcher m = DEFINE.matcher(line);
            if (m.matches()) {
                macros.put(m.group(1), m.group(2).trim());
            }
        }
        return macros;
    }

    /** Compiles {@code source} without linking ({@code -fsyntax-only}); returns the diagnostics, empty when clean. */
    public String check(String source) throws IOException, InterruptedException {
        Result r = run(source, "-fsyntax-only", "-Werror");
        return r.exitCode == 0 ? r.stderr : r.stderr.isEmpty() ? compiler + " exited " + r.exitCode : r.stderr;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result run(String source, String... options) throws IOException, InterruptedException {
        Path file = Files.createTempFile("berth-kernel-headers", ".c");
        try {
            Files.writeString(file, source);
            List<String> cmd = new ArrayList<>(List.of(compiler, "-std=gnu11"));
            cmd.addAll(List.of(options));
            cmd.add(file.toString());
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            var err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(compiler + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), out, err.join());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
