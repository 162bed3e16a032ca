package dev.berth.namespaces.seccomp;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Arch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles a {@link SeccompProfile} to the classic BPF program that
 * <a href="https://man7.org/linux/man-pages/man2/seccomp.2.html">seccomp(2)</a> installs, for one
 * architecture and one set of kept capabilities. The program:
 * <ol>
 * <li>kills the process when {@code seccomp_data.arch} is not the target's (a 32-bit entry on a
 *     64-bit kernel sees other numbers), and on x86_64 also for x32 calls ({@code nr >= 0x40000000});
 * <li>answers ENOSYS for numbers above the newest call the profile names, as runc does, so that
 *     libc falls back from calls newer than the profile instead of failing with EPERM;
 * <li>checks the calls that have argument conditions, one block each (JEQ, then a JA over the
 *     block, so block size is not limited by the u8 offsets);
 * <li>then a linear list of the unconditional calls grouped by action, in chunks whose JEQ
 *     offsets stay within 255 of their shared RET;
 * <li>and returns the default action.
 * </ol>
 */
public final class SeccompCompiler {
    /** {@code AUDIT_ARCH_X86_64}. */
    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    /** {@code AUDIT_ARCH_AARCH64}. */
    public static final int AUDIT_ARCH_AARCH64 = 0xc00000b7;
    /** The x32 ABI's bit in x86_64 syscall numbers. */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    /** Offsets in {@code struct seccomp_data}: nr, arch, instruction_pointer, args[6]. */
    static final int OFF_NR = 0;
    static final int OFF_ARCH = 4;
    static final int OFF_ARGS = 16;

    private static final int CHUNK = 250;

    private SeccompCompiler() {
    }

    /** The program for the running kernel's release. */
    public static byte[] compile(SeccompProfile profile, Arch arch, Set<Capability> caps) {
        return compile(profile, arch, caps, System.getProperty("os.version"));
    }

    /** Programs for this JVM's architecture and kernel, by profile (weakly) and kept capabilities. */
    private static final Map<SeccompProfile, Map<Set<Capability>, byte[]>> PROGRAMS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The program for this JVM's architecture and kernel, compiled once per profile and set of
     * kept capabilities: compiling takes about a millisecond, which every launch would pay.
     */
    public static byte[] forThisHost(SeccompProfile profile, Set<Capability> caps) {
        Map<Set<Capability>, byte[]> byCaps = PROGRAMS.computeIfAbsent(profile, p -> new java.util.concurrent.ConcurrentHashMap<>());
        Set<Capability> key = caps.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(caps);
        return byCaps.computeIfAbsent(key, k -> compile(profile, Arch.current(), k)).clone();
    }

    /** The program for {@code arch}, a process keeping {@code caps}, and kernel release {@code kernel}. */
    public static byte[] compile(SeccompProfile profile, Arch arch, Set<Capability> caps, String kernel) {
        if (profile.isUnconfined()) {
            throw new IllegalArgumentException("an unconfined profile has no program");
        }
        SyscallTable table = SyscallTable.of(arch);
        TreeMap<Integer, List<SyscallRule>> bySyscall = new TreeMap<>();
        for (SyscallRule rule : profile.rulesFor(arch, caps, kernel)) {
            for (String name : rule.names()) {
                OptionalInt nr = table.number(name);
                if (nr.isPresent()) {
                    bySyscall.computeIfAbsent(nr.getAsInt(), n -> new ArrayList<>()).add(rule);
                }
            }
        }
        BpfAssembler a = new BpfAssembler();
        int kill = SeccompAction.KILL_PROCESS.returnValue();
        BpfAssembler.Label archOk = new BpfAssembler.Label();
        a.load(OFF_ARCH);
        a.jump(BpfAssembler.JMP_JEQ_K, auditArch(arch), archOk, null);
        a.ret(kill);
        a.bind(archOk);
        a.load(OFF_NR);
        if (arch == Arch.X86_64) {
            BpfAssembler.Label native64 = new BpfAssembler.Label();
            a.jump(BpfAssembler.JMP_JGE_K, X32_SYSCALL_BIT, null, native64);
            a.ret(kill);
            a.bind(native64);
        }
        if (!bySyscall.isEmpty() && profile.defaultAction().kind() != SeccompAction.Kind.ALLOW) {
            BpfAssembler.Label known = new BpfAssembler.Label();
            a.jump(BpfAssembler.JMP_JGT_K, bySyscall.lastKey(), null, known);
            a.ret(SeccompAction.errno(SeccompAction.ENOSYS).returnValue());
            a.bind(known);
        }
        int fallback = profile.defaultAction().returnValue();
        Map<SeccompAction, List<Integer>> unconditional = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<SyscallRule>> e : bySyscall.entrySet()) {
            List<SyscallRule> rules = e.getValue();
            SyscallRule always = rules.stream().filter(r -> r.args().isEmpty()).findFirst().orElse(null);
            List<SyscallRule> conditional = rules.stream()
                    .filter(r -> !r.args().isEmpty() && (always == null || !r.action().equals(always.action())))
                    .toList();
            if (conditional.isEmpty()) {
                unconditional.computeIfAbsent(always.action(), x -> new ArrayList<>()).add(e.getKey());
            } else {
                syscallBlock(a, e.getKey(), conditional, always == null ? fallback : always.action().returnValue());
            }
        }
        for (Map.Entry<SeccompAction, List<Integer>> e : unconditional.entrySet()) {
            List<Integer> numbers = e.getValue();
            for (int from = 0; from < numbers.size(); from += CHUNK) {
                BpfAssembler.Label hit = new BpfAssembler.Label();
                BpfAssembler.Label miss = new BpfAssembler.Label();
                for (int nr : numbers.subList(from, Math.min(numbers.size(), from + CHUNK))) {
                    a.jump(BpfAssembler.JMP_JEQ_K, nr, hit, null);
                }
                a.jumpAlways(miss);
                a.bind(hit);
                a.ret(e.getKey().returnValue());
                a.bind(miss);
            }
        }
        a.ret(fallback);
        return a.assemble();
    }

    /**
     * One system call with argument conditions: its rules in profile order, each returning its
     * action when all its conditions hold; {@code otherwise} when none does.
     */
    private static void syscallBlock(BpfAssembler a, int nr, List<SyscallRule> rules, int otherwise) {
        BpfAssembler.Label body = new BpfAssembler.Label();
        BpfAssembler.Label next = new BpfAssembler.Label();
        a.jump(BpfAssembler.JMP_JEQ_K, nr, body, null);
        a.jumpAlways(next);
        a.bind(body);
        for (SyscallRule rule : rules) {
            BpfAssembler.Label fail = new BpfAssembler.Label();
            for (ArgCondition c : rule.args()) {
                ArgComparison.emit(a, c, fail);
            }
            a.ret(rule.action().returnValue());
            a.bind(fail);
        }
        a.ret(otherwise);
        a.bind(next);
        // Every path through the block returned, and the path to "next" did not touch A.
    }

    static int auditArch(Arch arch) {
        return arch == Arch.X86_64 ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_AARCH64;
    }
}
