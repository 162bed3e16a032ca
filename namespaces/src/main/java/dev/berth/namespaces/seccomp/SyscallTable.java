package dev.berth.namespaces.seccomp;

import dev.berth.namespaces.linux.Arch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * System-call numbers by name for one architecture, from the kernel's {@code syscall_64.tbl}
 * (x86_64) and {@code asm-generic/unistd.h} (aarch64), kept as the resource
 * {@code syscalls-<arch>.txt} beside this class. A name a profile uses that the architecture
 * lacks (such as {@code chown32}) has no number and is skipped, as libseccomp skips it.
 */
public final class SyscallTable {
    private static final Map<Arch, SyscallTable> TABLES = new EnumMap<>(Arch.class);

    private final Arch arch;
    private final Map<String, Integer> numbers;

    private SyscallTable(Arch arch, Map<String, Integer> numbers) {
        this.arch = arch;
        this.numbers = Collections.unmodifiableMap(numbers);
    }

    /** The table of {@code arch}. */
    public static synchronized SyscallTable of(Arch arch) {
        return TABLES.computeIfAbsent(arch, SyscallTable::load);
    }

    private static SyscallTable load(Arch arch) {
        String resource = "syscalls-" + arch.kernelName() + ".txt";
        Map<String, Integer> numbers = new LinkedHashMap<>();
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                numbers.put(f[1], Integer.parseInt(f[0]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SyscallTable(arch, numbers);
    }

    public Arch arch() {
        return arch;
    }

    /** The number of {@code name}, or empty when this architecture has no such call. */
    public OptionalInt number(String name) {
        Integer n = numbers.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** Every name with its number. */
    public Map<String, Integer> all() {
        return numbers;
    }
}
