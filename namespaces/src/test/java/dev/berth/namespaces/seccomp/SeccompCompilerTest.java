package dev.berth.namespaces.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.linux.Arch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compiled default profile, run in {@link BpfInterpreter} over chosen calls. */
class SeccompCompilerTest {
    static final int ALLOW = SeccompAction.ALLOW.returnValue();
    static final int EPERM = SeccompAction.errno(1).returnValue();
    static final int ENOSYS = SeccompAction.errno(38).returnValue();
    static final int KILL = SeccompAction.KILL_PROCESS.returnValue();
    static final int X86 = SeccompCompiler.AUDIT_ARCH_X86_64;
    static final int ARM = SeccompCompiler.AUDIT_ARCH_AARCH64;
    static final long CLONE_THREAD_FLAGS = 0x3d0f00L; // what pthread_create passes
    static final long CLONE_NEWUSER = 0x10000000L;

    static BpfInterpreter defaultFor(Arch arch, Capability... caps) {
        Set<Capability> kept = caps.length == 0 ? Set.of() : EnumSet.of(caps[0], caps);
        return new BpfInterpreter(SeccompCompiler.compile(SeccompProfile.defaultProfile(), arch, kept, "6.18.0"));
    }

    static int nr(Arch arch, String name) {
        return SyscallTable.of(arch).number(name).orElseThrow();
    }

    @Test
    void ordinaryCallsAreAllowedOnBothArchitectures() {
        for (Arch arch : Arch.values()) {
            BpfInterpreter p = defaultFor(arch);
            int audit = arch == Arch.X86_64 ? X86 : ARM;
            for (String name : List.of("read", "write", "openat", "execve", "exit_group", "mmap", "futex", "wait4",
                    "rt_sigaction", "close_range", "getrandom", "socket", "ptrace", "fchmodat2")) {
                assertEquals(ALLOW, p.run(audit, nr(arch, name)), arch + " " + name);
            }
        }
        assertEquals(ALLOW, defaultFor(Arch.X86_64).run(X86, nr(Arch.X86_64, "arch_prctl")));
    }

    @Test
    void dangerousCallsFailWithEperm() {
        for (Arch arch : Arch.values()) {
            BpfInterpreter p = defaultFor(arch);
            int audit = arch == Arch.X86_64 ? X86 : ARM;
            for (String name : List.of("keyctl", "add_key", "request_key", "bpf", "kexec_load", "kexec_file_load",
                    "init_module", "finit_module", "delete_module", "mount", "umount2", "pivot_root", "unshare",
                    "setns", "chroot", "reboot", "perf_event_open", "open_by_handle_at")) {
                assertEquals(EPERM, p.run(audit, nr(arch, name)), arch + " " + name);
            }
        }
    }

    @Test
    void cloneMayMakeThreadsButNotNamespacesWithoutSysAdmin() {
        for (Arch arch : Arch.values()) {
            BpfInterpreter p = defaultFor(arch);
            int audit = arch == Arch.X86_64 ? X86 : ARM;
            int clone = nr(arch, "clone");
            assertEquals(ALLOW, p.run(audit, clone, CLONE_THREAD_FLAGS), "thread");
            assertEquals(ALLOW, p.run(audit, clone, 17L), "fork (SIGCHLD)");
            assertEquals(EPERM, p.run(audit, clone, CLONE_NEWUSER | 17), "CLONE_NEWUSER");
            assertEquals(EPERM, p.run(audit, clone, 0x20000L | 17), "CLONE_NEWNS");
            assertEquals(EPERM, p.run(audit, clone, 0x40000000L), "CLONE_NEWNET");
            // The upper half of a sign-extended flags word is not part of the mask.
            assertEquals(ALLOW, p.run(audit, clone, 0xffffffff80000000L | 17), "CLONE_IO sign-extended");
            assertEquals(ENOSYS, p.run(audit, nr(arch, "clone3")), "clone3 makes libc fall back");
        }
    }

    @Test
    void capabilitiesUnlockTheirCalls() {
        BpfInterpreter admin = defaultFor(Arch.X86_64, Capability.SYS_ADMIN);
        assertEquals(ALLOW, admin.run(X86, nr(Arch.X86_64, "mount")));
        assertEquals(ALLOW, admin.run(X86, nr(Arch.X86_64, "unshare")));
        assertEquals(ALLOW, admin.run(X86, nr(Arch.X86_64, "clone"), CLONE_NEWUSER));
        assertEquals(ALLOW, admin.run(X86, nr(Arch.X86_64, "clone3")));
        assertEquals(EPERM, admin.run(X86, nr(Arch.X86_64, "init_module")), "SYS_ADMIN is not SYS_MODULE");
        BpfInterpreter chroot = defaultFor(Arch.X86_64, Capability.SYS_CHROOT, Capability.BPF);
        assertEquals(ALLOW, chroot.run(X86, nr(Arch.X86_64, "chroot")));
        assertEquals(ALLOW, chroot.run(X86, nr(Arch.X86_64, "bpf")));
        assertEquals(EPERM, chroot.run(X86, nr(Arch.X86_64, "mount")));
    }

    @Test
    void personalityOnlyForTheListedDomains() {
        BpfInterpreter p = defaultFor(Arch.X86_64);
        int personality = nr(Arch.X86_64, "personality");
        for (long ok : new long[] {0, 8, 0x20000, 0x20008, 0xffffffffL}) {
            assertEquals(ALLOW, p.run(X86, personality, ok), Long.toHexString(ok));
        }
        assertEquals(EPERM, p.run(X86, personality, 0x0040000L), "ADDR_NO_RANDOMIZE");
        assertEquals(EPERM, p.run(X86, personality, 0x1_0000_0000L), "upper half differs");
    }

    @Test
    void socketRefusesOnlyVsock() {
        BpfInterpreter p = defaultFor(Arch.X86_64);
        int socket = nr(Arch.X86_64, "socket");
        assertEquals(ALLOW, p.run(X86, socket, 2));
        assertEquals(ALLOW, p.run(X86, socket, 1));
        assertEquals(EPERM, p.run(X86, socket, 40));
        assertEquals(ALLOW, p.run(X86, socket, 40L | 1L << 32), "64-bit comparison");
    }

    @Test
    void wrongArchitectureAndX32AreKilled() {
        BpfInterpreter x86 = defaultFor(Arch.X86_64);
        assertEquals(KILL, x86.run(ARM, 0));
        assertEquals(KILL, x86.run(0x40000003, 0), "i386 entry");
        assertEquals(KILL, x86.run(X86, 0x40000000), "x32 read");
        assertEquals(KILL, x86.run(X86, 0x40000000 + 59), "x32 execve");
        assertEquals(KILL, defaultFor(Arch.AARCH64).run(X86, 0));
    }

    @Test
    void callsNewerThanTheProfileAnswerEnosys() {
        BpfInterpreter p = defaultFor(Arch.X86_64);
        assertEquals(ENOSYS, p.run(X86, 1000));
        assertEquals(ENOSYS, p.run(X86, 0x3fffffff));
        assertEquals(EPERM, p.run(X86, nr(Arch.X86_64, "listmount")), "known but not allowed");
    }

    @Test
    void everyArgumentOperatorAgreesWithItsDefinition() {
        long[] values = {0, 1, 5, 0xffffffffL, 0x1_0000_0000L, 0x1_0000_0005L, -1L, 0x8000_0000_0000_0000L};
        for (ArgCondition.Op op : ArgCondition.Op.values()) {
            for (long v : values) {
                ArgCondition c = new ArgCondition(2, op, v, op == ArgCondition.Op.MASKED_EQ ? v & 0x1_0000_0001L : 0);
                SeccompProfile profile = SeccompProfile.of(SeccompAction.errno(13),
                        List.of(SyscallRule.of(SeccompAction.ALLOW, "getpid").withArgs(c)));
                BpfInterpreter p = new BpfInterpreter(SeccompCompiler.compile(profile, Arch.X86_64, Set.of(), "6.18"));
                for (long arg : values) {
                    int expected = c.test(arg) ? ALLOW : SeccompAction.errno(13).returnValue();
                    assertEquals(expected, p.run(X86, 39, 0, 0, arg), c + " with " + Long.toHexString(arg));
                }
            }
        }
    }

    @Test
    void theDefaultProgramFitsTheKernelLimitAndAllJumpsAreInRange() {
        for (Arch arch : Arch.values()) {
            BpfInterpreter p = defaultFor(arch, Capability.values());
            assertTrue(p.length() < 1000, arch + ": " + p.length() + " instructions");
            // Every number the table knows reaches a return (the interpreter fails on stray jumps).
            int audit = arch == Arch.X86_64 ? X86 : ARM;
            for (int number : SyscallTable.of(arch).all().values()) {
                p.run(audit, number, 0x7E020000L);
            }
        }
    }

    /**
     * The dispatch (a binary search, then short JEQ lists) gives every call number exactly what
     * the profile's rules say: the first unconditional rule's action, unless a conditional rule
     * with another action matches first; the default action for a number no rule names. Checked
     * for every number of both tables and the gaps between them, with arguments that meet and miss
     * the conditions, and the run is short for each (the kernel runs it per number at install).
     */
    @Test
    void everyCallGetsWhatItsRulesSayAndTheSearchIsShort() {
        long[][] argSets = {{}, {0, 0, 0, 0, 0, 0}, {CLONE_THREAD_FLAGS}, {CLONE_NEWUSER}, {0x7E020000L}, {40, 0, 0}, {1, 2, 3}};
        for (Arch arch : Arch.values()) {
            int audit = arch == Arch.X86_64 ? X86 : ARM;
            for (Set<Capability> caps : List.<Set<Capability>>of(Set.of(), EnumSet.allOf(Capability.class))) {
                SeccompProfile profile = SeccompProfile.defaultProfile();
                BpfInterpreter p = new BpfInterpreter(SeccompCompiler.compile(profile, arch, caps, "6.18.0"));
                List<SyscallRule> rules = profile.rulesFor(arch, caps, "6.18.0");
                java.util.Map<String, Integer> table = SyscallTable.of(arch).all();
                int last = rules.stream().flatMap(r -> r.names().stream()).filter(table::containsKey)
                        .mapToInt(table::get).max().orElseThrow();
                for (int nr = 0; nr <= last; nr++) {
                    int number = nr;
                    List<SyscallRule> named = rules.stream()
                            .filter(r -> r.names().stream().anyMatch(n -> table.get(n) != null && table.get(n) == number)).toList();
                    for (long[] args : argSets) {
                        int expected = expected(named, profile.defaultAction().returnValue(), args);
                        assertEquals(expected, p.run(audit, nr, args), arch + " " + caps.size() + " caps, nr " + nr
                                + " " + java.util.Arrays.toString(args));
                        if (named.stream().allMatch(r -> r.args().isEmpty())) {
                            assertTrue(p.steps() <= 60, arch + " nr " + nr + " took " + p.steps() + " steps");
                        }
                    }
                }
            }
        }
    }

    /** What the compiler promises for one call's rules (in profile order). */
    private static int expected(List<SyscallRule> named, int fallback, long[] args) {
        SyscallRule always = named.stream().filter(r -> r.args().isEmpty()).findFirst().orElse(null);
        for (SyscallRule r : named) {
            if (!r.args().isEmpty() && (always == null || !r.action().equals(always.action()))
                    && r.args().stream().allMatch(c -> c.test(c.index() < args.length ? args[c.index()] : 0))) {
                return r.action().returnValue();
            }
        }
        return always != null ? always.action().returnValue() : fallback;
    }

    @Test
    void longRuleListsUseLongJumpsAndTheLimitIsEnforced() {
        // 400 conditional rules on one call: its block is far longer than a u8 offset.
        List<SyscallRule> rules = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rules.add(SyscallRule.of(SeccompAction.ALLOW, "getpid").withArgs(ArgCondition.eq(0, i)));
        }
        rules.add(SyscallRule.of(SeccompAction.ALLOW, "getppid"));
        BpfInterpreter p = new BpfInterpreter(SeccompCompiler.compile(
                SeccompProfile.of(SeccompAction.errno(1), rules), Arch.X86_64, Set.of(), "6.18"));
        assertEquals(ALLOW, p.run(X86, 39, 399));
        assertEquals(EPERM, p.run(X86, 39, 400));
        assertEquals(ALLOW, p.run(X86, 110), "getppid after the long block");

        List<SyscallRule> huge = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            huge.add(SyscallRule.of(SeccompAction.ALLOW, "getpid").withArgs(ArgCondition.eq(0, i)));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SeccompCompiler.compile(
                SeccompProfile.of(SeccompAction.errno(1), huge), Arch.X86_64, Set.of(), "6.18"));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }

    @Test
    void namesUnknownOnAnArchitectureAreSkipped() {
        SeccompProfile p = SeccompProfile.of(SeccompAction.errno(1),
                List.of(SyscallRule.of(SeccompAction.ALLOW, "chown32", "no_such_call", "getpid")));
        BpfInterpreter arm = new BpfInterpreter(SeccompCompiler.compile(p, Arch.AARCH64, Set.of(), "6.18"));
        assertEquals(ALLOW, arm.run(ARM, nr(Arch.AARCH64, "getpid")));
        assertEquals(SyscallTable.of(Arch.AARCH64).number("open").isPresent(), false, "aarch64 has only openat");
    }

    @Test
    void programsForThisHostAreCompiledOnceAndHandedOutAsCopies() {
        byte[] first = SeccompCompiler.forThisHost(SeccompProfile.defaultProfile(), java.util.Set.of());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                SeccompCompiler.compile(SeccompProfile.defaultProfile(), dev.berth.namespaces.linux.Arch.current(), java.util.Set.of()), first);
        first[0] ^= 1;
        byte[] second = SeccompCompiler.forThisHost(SeccompProfile.defaultProfile(), java.util.Set.of());
        org.junit.jupiter.api.Assertions.assertNotEquals(first[0], second[0], "a caller's change does not reach the cache");
        byte[] withAdmin = SeccompCompiler.forThisHost(SeccompProfile.defaultProfile(),
                java.util.Set.of(dev.berth.namespaces.launch.Capability.SYS_ADMIN));
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(second, withAdmin), "kept capabilities change the program");
    }
}
