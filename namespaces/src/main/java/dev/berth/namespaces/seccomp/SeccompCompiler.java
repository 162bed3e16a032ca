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
 * <li>finds the call number by binary search (JGE) down to short JEQ lists: a call without
 *     argument conditions returns its action there, one with conditions jumps (JA, so block size
 *     is not limited by the u8 offsets) to its block after the search;
 * <li>returns the default action for a number the profile does not name.
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

    /** Call numbers per leaf of the dispatch: its JEQs and RETs stay well within a u8 jump. */
    private static final int LEAF = 32;

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
        List<Dispatch> entries = new ArrayList<>();
        for (Map.Entry<Integer, List<SyscallRule>> e : bySyscall.entrySet()) {
            List<SyscallRule> rules = e.getValue();
            SyscallRule always = rules.stream().filter(r -> r.args().isEmpty()).findFirst().orElse(null);
            List<SyscallRule> conditional = rules.stream()
                    .filter(r -> !r.args().isEmpty() && (always == null || !r.action().equals(always.action())))
                    .toList();
            entries.add(conditional.isEmpty() ? new Dispatch(e.getKey(), always.action().returnValue(), List.of(), 0, null)
                    : new Dispatch(e.getKey(), 0, conditional, always == null ? fallback : always.action().returnValue(),
                            new BpfAssembler.Label()));
        }
        if (entries.isEmpty()) {
            a.ret(fallback);
        }
        dispatch(a, entries, fallback);
        for (Dispatch d : entries) {
            if (d.block() != null) {
                a.bind(d.block());
                syscallBlock(a, d.rules(), d.otherwise());
            }
        }
        return a.assemble();
    }

    /**
     * One named call: what it returns when it has no argument conditions, or the block (emitted
     * after the dispatch) that checks them.
     */
    private record Dispatch(int nr, int action, List<SyscallRule> rules, int otherwise, BpfAssembler.Label block) {
    }

    /**
     * A binary search on the call number down to leaves of at most {@value #LEAF} numbers,
     * each a list of JEQs. Not one linear list: the kernel runs the filter once per call number
     * when it installs it (seccomp's action cache marks the calls it always allows), so a list
     * of 300 JEQs cost ~0.2 ms of every launch; the search needs ~40 steps per number.
     * Each inner node is a JGE whose "true" side is a JA to the upper half, since a conditional
     * jump reaches only 255 instructions ahead.
     */
    private static void dispatch(BpfAssembler a, List<Dispatch> entries, int fallback) {
        if (entries.size() > LEAF) {
            int mid = entries.size() / 2;
            BpfAssembler.Label lower = new BpfAssembler.Label();
            BpfAssembler.Label upper = new BpfAssembler.Label();
            a.jump(BpfAssembler.JMP_JGE_K, entries.get(mid).nr(), null, lower);
            a.jumpAlways(upper);
            a.bind(lower);
            dispatch(a, entries.subList(0, mid), fallback);
            a.bind(upper);
            dispatch(a, entries.subList(mid, entries.size()), fallback);
            return;
        }
        // A leaf: JEQ per number to its action's RET (one per action) or to a JA to its block.
        Map<Integer, BpfAssembler.Label> returns = new LinkedHashMap<>();
        Map<Dispatch, BpfAssembler.Label> toBlock = new LinkedHashMap<>();
        for (Dispatch d : entries) {
            BpfAssembler.Label target = d.block() == null ? returns.computeIfAbsent(d.action(), x -> new BpfAssembler.Label())
                    : toBlock.computeIfAbsent(d, x -> new BpfAssembler.Label());
            a.jump(BpfAssembler.JMP_JEQ_K, d.nr(), target, null);
        }
        a.ret(fallback);
        returns.forEach((action, label) -> {
            a.bind(label);
            a.ret(action);
        });
        toBlock.forEach((d, label) -> {
            a.bind(label);
            a.jumpAlways(d.block());
        });
    }

    /**
     * The body of one call with argument conditions: its rules in profile order, each returning
     * its action when all its conditions hold; {@code otherwise} when none does.
     */
    private static void syscallBlock(BpfAssembler a, List<SyscallRule> rules, int otherwise) {
        for (SyscallRule rule : rules) {
            BpfAssembler.Label fail = new BpfAssembler.Label();
            for (ArgCondition c : rule.args()) {
                ArgComparison.emit(a, c, fail);
            }
            a.ret(rule.action().returnValue());
            a.bind(fail);
        }
        a.ret(otherwise);
    }

    static int auditArch(Arch arch) {
        return arch == Arch.X86_64 ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_AARCH64;
    }
}
