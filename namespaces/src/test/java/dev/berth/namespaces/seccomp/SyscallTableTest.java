package dev.berth.namespaces.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.testing.KernelHeaders;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seccomp compiler's system-call tables ({@code syscalls-<arch>.txt}) against each
 * architecture's {@code <asm/unistd.h>} as its compiler sees it, and the default profile
 * compiled for aarch64, where calls such as open, stat and fork do not exist.
 */
class SyscallTableTest {
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    /** Macros of unistd.h that are markers, not calls. */
    private static final Set<String> NOT_CALLS = Set.of("syscalls", "arch_specific_syscall");

    /** {@code __NR_*} of the headers, resolved through their aliases ({@code __NR3264_fstat}). */
    static Map<String, Integer> headerNumbers(KernelHeaders headers) throws Exception {
        Map<String, String> macros = headers.macros("#include <asm/unistd.h>\n");
        Map<String, Integer> numbers = new TreeMap<>();
        for (Map.Entry<String, String> e : macros.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("__NR_") || NOT_CALLS.contains(name.substring(5))) {
                continue;
            }
            String value = e.getValue();
            for (int depth = 0; depth < 8 && macros.containsKey(value); depth++) {
                value = macros.get(value);
            }
            if (NUMBER.matcher(value).matches()) {
                numbers.put(name.substring(5), Integer.parseInt(value));
            }
        }
        return numbers;
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyCallOfTheHeadersHasItsNumber(Arch arch) throws Exception {
        KernelHeaders headers = KernelHeaders.of(arch);
        Map<String, Integer> header = headerNumbers(headers);
        assertTrue(header.size() > 250, headers.compiler() + " gave only " + header.size() + " calls");
        Map<String, Integer> table = SyscallTable.of(arch).all();
        Map<String, String> wrong = new TreeMap<>();
        header.forEach((name, nr) -> {
            Integer ours = table.get(name);
            if (!nr.equals(ours)) {
                wrong.put(name, "header " + nr + ", table " + ours);
            }
        });
        assertEquals(Map.of(), wrong, "syscalls-" + arch.kernelName() + ".txt against " + headers.compiler());
        // Entries beyond the headers are the newer kernels' calls, numbered alike on every
        // architecture from 424 (Linux 5.1) on; they must follow the headers' last call.
        int last = header.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<String, Integer> newer = new TreeMap<>(table);
        newer.keySet().removeAll(header.keySet());
        newer.forEach((name, nr) -> assertTrue(nr > last, name + " " + nr + " is not in the headers but not newer"));
        Arch other = arch == Arch.X86_64 ? Arch.AARCH64 : Arch.X86_64;
        newer.forEach((name, nr) -> assertEquals(OptionalInt.of(nr), SyscallTable.of(other).number(name), name));
    }

    @Test
    void theDefaultProfileCompilesForAarch64WithoutTheCallsItLacks() {
        Set<Capability> all = EnumSet.allOf(Capability.class);
        SyscallTable arm = SyscallTable.of(Arch.AARCH64);
        BpfInterpreter p = new BpfInterpreter(SeccompCompiler.compile(SeccompProfile.defaultProfile(), Arch.AARCH64,
                all, "6.18.0"));
        Set<String> skipped = new TreeSet<>();
        int allowed = 0;
        for (SyscallRule rule : SeccompProfile.defaultProfile().rulesFor(Arch.AARCH64, all, "6.18.0")) {
            for (String name : rule.names()) {
                OptionalInt nr = arm.number(name);
                if (nr.isEmpty()) {
                    skipped.add(name);
                } else if (rule.args().isEmpty() && rule.action().equals(SeccompAction.ALLOW)) {
                    assertEquals(SeccompAction.ALLOW.returnValue(), p.run(SeccompCompiler.AUDIT_ARCH_AARCH64,
                            nr.getAsInt()), name);
                    allowed++;
                }
            }
        }
        // As libseccomp does for runc: names aarch64 has no number for are left out, not errors.
        assertTrue(skipped.containsAll(Set.of("open", "stat", "lstat", "fork", "vfork", "poll", "select",
                "chmod", "mkdir", "rename", "epoll_wait", "getdents", "pipe", "access", "dup2")), skipped.toString());
        assertTrue(allowed > 250, "only " + allowed + " calls allowed on aarch64");
        // Calls of other architectures (x86_64's open is 2, aarch64's io_submit) never reach the list.
        assertEquals(SeccompAction.KILL_PROCESS.returnValue(), p.run(SeccompCompiler.AUDIT_ARCH_X86_64, 2));
        // The same profile for x86_64 keeps them.
        BpfInterpreter x86 = new BpfInterpreter(SeccompCompiler.compile(SeccompProfile.defaultProfile(), Arch.X86_64,
                all, "6.18.0"));
        for (String name : Set.of("open", "stat", "fork")) {
            assertEquals(SeccompAction.ALLOW.returnValue(), x86.run(SeccompCompiler.AUDIT_ARCH_X86_64,
                    SyscallTable.of(Arch.X86_64).number(name).orElseThrow()), name);
        }
    }
}
