package dev.berth.namespaces.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.PseudoTerminal;
import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.Rlimit;
import dev.berth.namespaces.seccomp.SeccompCompiler;
import dev.berth.namespaces.testing.KernelHeaders;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every number Berth hands the kernel through JNA (raw system call numbers, flags, ioctl
 * requests, structure sizes and offsets), checked against each architecture's own kernel and C
 * library headers: the values are written into a C file as {@code _Static_assert}s, which
 * that architecture's compiler ({@code gcc} for x86_64, {@code aarch64-linux-gnu-gcc} for
 * aarch64) compiles. A wrong value fails the compile with the expression that differs.
 */
class KernelTablesTest {
    private static final String INCLUDES = """
            #define _GNU_SOURCE
            #include <stddef.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <sched.h>
            #include <signal.h>
            #include <spawn.h>
            #include <sys/epoll.h>
            #include <sys/ioctl.h>
            #include <sys/mman.h>
            #include <sys/mount.h>
            #include <sys/resource.h>
            #include <sys/socket.h>
            #include <sys/uio.h>
            #include <sys/stat.h>
            #include <sys/syscall.h>
            #include <sys/wait.h>
            #include <time.h>
            #include <linux/audit.h>
            #include <linux/bpf.h>
            #include <linux/capability.h>
            #include <linux/openat2.h>
            """;

    /**
     * Macros newer than Debian 12's headers (linux-libc-dev 6.1), checked where the headers have
     * them: MFD_EXEC (Linux 6.3, 0x0010 in include/uapi/linux/memfd.h).
     */
    private static final Set<String> NEWER_THAN_HEADERS = Set.of("MFD_EXEC");

    /** What Berth uses for {@code arch}: C expression, Berth's value. */
    static Map<String, Long> tableOf(Arch arch) throws IllegalAccessException {
        Map<String, Long> t = new LinkedHashMap<>();
        // Raw system calls: those whose numbers differ, and those of the unified table.
        t.put("__NR_memfd_create", (long) arch.sysMemfdCreate);
        t.put("__NR_setns", (long) arch.sysSetns);
        t.put("__NR_unshare", (long) arch.sysUnshare);
        t.put("__NR_bpf", (long) arch.sysBpf);
        t.put("__NR_statx", (long) arch.sysStatx);
        for (Field f : constants(Arch.class, true)) {
            if (f.getName().startsWith("SYS_")) {
                t.put("__NR_" + f.getName().substring(4).toLowerCase(java.util.Locale.ROOT), f.getLong(null));
            }
        }
        // The flags and commands of Syscalls, by their C names; those aarch64 moved from its table.
        for (Field f : constants(Syscalls.class, true)) {
            t.put(f.getName(), f.getLong(null));
        }
        t.put("O_DIRECTORY", (long) arch.openDirectory);
        t.put("O_NOFOLLOW", (long) arch.openNoFollow);
        t.put("sizeof(struct epoll_event)", (long) arch.epollEventSize);
        t.put("offsetof(struct epoll_event, data)", (long) arch.epollDataOffset);
        // LinuxSyscalls' own constants (package-private ones carry their C names).
        for (Field f : constants(LinuxSyscalls.class, false)) {
            if (!f.getName().equals("BPF_ATTR_SIZE")) {
                t.put(f.getName(), f.getLong(null));
            }
        }
        // Berth passes a shorter bpf_attr than newer kernels' (they zero the rest): it must hold
        // the last field Berth sets.
        t.put("offsetof(union bpf_attr, expected_attach_type) + 4 <= " + LinuxSyscalls.BPF_ATTR_SIZE, 1L);
        t.putAll(structs());
        t.put("TIOCGWINSZ", PseudoTerminal.TIOCGWINSZ);
        t.put("TIOCSWINSZ", PseudoTerminal.TIOCSWINSZ);
        t.put("TIOCGPTN", PseudoTerminal.TIOCGPTN);
        t.put("TIOCGPTPEER", PseudoTerminal.TIOCGPTPEER);
        for (Field f : constants(Errno.class, true)) {
            t.put(f.getName(), f.getLong(null));
        }
        for (Field f : constants(Mount.class, true)) {
            if (f.getName().startsWith("MS_")) {
                t.put(f.getName(), f.getLong(null));
            }
        }
        for (Namespace.Type type : Namespace.Type.values()) {
            t.put(type == Namespace.Type.MNT ? "CLONE_NEWNS" : "CLONE_NEW" + type.name(), (long) type.cloneFlag());
        }
        for (Rlimit.Type type : Rlimit.Type.values()) {
            t.put("RLIMIT_" + type.name(), (long) type.number());
        }
        for (Capability c : Capability.values()) {
            t.put("CAP_" + c.name(), (long) c.bit());
        }
        t.put("CAP_LAST_CAP", (long) Capability.values().length - 1);
        t.put(arch == Arch.X86_64 ? "AUDIT_ARCH_X86_64" : "AUDIT_ARCH_AARCH64",
                (long) (arch == Arch.X86_64 ? SeccompCompiler.AUDIT_ARCH_X86_64 : SeccompCompiler.AUDIT_ARCH_AARCH64)
                        & 0xffffffffL);
        if (arch == Arch.X86_64) {
            t.put("__X32_SYSCALL_BIT", (long) SeccompCompiler.X32_SYSCALL_BIT);
        }
        return t;
    }

    /** KernelStructs' every field, as the C expression it must equal. */
    private static Map<String, Long> structs() throws IllegalAccessException {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("STATX_SIZE", "sizeof(struct statx)");
        c.put("STATX_NLINK", "offsetof(struct statx, stx_nlink)");
        c.put("STATX_UID", "offsetof(struct statx, stx_uid)");
        c.put("STATX_GID", "offsetof(struct statx, stx_gid)");
        c.put("STATX_MODE", "offsetof(struct statx, stx_mode)");
        c.put("STATX_INO", "offsetof(struct statx, stx_ino)");
        c.put("STATX_FILE_SIZE", "offsetof(struct statx, stx_size)");
        c.put("STATX_MTIME", "offsetof(struct statx, stx_mtime)");
        c.put("STATX_TIMESTAMP_NSEC", "offsetof(struct statx_timestamp, tv_nsec)");
        c.put("STATX_RDEV_MAJOR", "offsetof(struct statx, stx_rdev_major)");
        c.put("STATX_RDEV_MINOR", "offsetof(struct statx, stx_rdev_minor)");
        c.put("STATX_DEV_MAJOR", "offsetof(struct statx, stx_dev_major)");
        c.put("STATX_DEV_MINOR", "offsetof(struct statx, stx_dev_minor)");
        c.put("OPEN_HOW_SIZE", "sizeof(struct open_how)");
        c.put("OPEN_HOW_FLAGS", "offsetof(struct open_how, flags)");
        c.put("OPEN_HOW_MODE", "offsetof(struct open_how, mode)");
        c.put("OPEN_HOW_RESOLVE", "offsetof(struct open_how, resolve)");
        for (String m : new String[] {"prog_type", "insn_cnt", "insns", "license", "log_level", "log_size", "log_buf",
            "prog_name", "expected_attach_type", "target_fd", "attach_bpf_fd", "attach_type", "attach_flags"}) {
            c.put("BPF_ATTR_" + m.toUpperCase(java.util.Locale.ROOT), "offsetof(union bpf_attr, " + m + ")");
        }
        c.put("BPF_ATTR_PROG_NAME_LEN", "BPF_OBJ_NAME_LEN");
        c.put("SIGINFO_SIZE", "sizeof(siginfo_t)");
        c.put("SIGINFO_CODE", "offsetof(siginfo_t, si_code)");
        c.put("SIGINFO_PID", "offsetof(siginfo_t, si_pid)");
        c.put("SIGINFO_STATUS", "offsetof(siginfo_t, si_status)");
        c.put("SIGSET_SIZE", "sizeof(sigset_t)");
        c.put("TIMESPEC_SIZE", "sizeof(struct timespec)");
        c.put("RLIMIT_SIZE", "sizeof(struct rlimit)");
        c.put("WINSIZE_SIZE", "sizeof(struct winsize)");
        c.put("MSGHDR_SIZE", "sizeof(struct msghdr)");
        c.put("MSGHDR_IOV", "offsetof(struct msghdr, msg_iov)");
        c.put("MSGHDR_IOVLEN", "offsetof(struct msghdr, msg_iovlen)");
        c.put("MSGHDR_CONTROL", "offsetof(struct msghdr, msg_control)");
        c.put("MSGHDR_CONTROLLEN", "offsetof(struct msghdr, msg_controllen)");
        c.put("IOVEC_SIZE", "sizeof(struct iovec)");
        c.put("IOVEC_LEN", "offsetof(struct iovec, iov_len)");
        c.put("CMSGHDR_SIZE", "CMSG_LEN(0)");
        c.put("CMSGHDR_LEVEL", "offsetof(struct cmsghdr, cmsg_level)");
        c.put("CMSGHDR_TYPE", "offsetof(struct cmsghdr, cmsg_type)");
        Map<String, Long> t = new LinkedHashMap<>();
        for (Field f : constants(KernelStructs.class, false)) {
            if (f.getName().equals("SPAWN_OPAQUE_SIZE")) {
                t.put("sizeof(posix_spawnattr_t) <= " + f.getLong(null), 1L);
                t.put("sizeof(posix_spawn_file_actions_t) <= " + f.getLong(null), 1L);
                continue;
            }
            String expr = c.get(f.getName());
            assertTrue(expr != null, "KernelStructs." + f.getName() + " has no C expression in this test");
            t.put(expr, f.getLong(null));
        }
        return t;
    }

    /** The static final integer fields of {@code type}: public ones, or every non-private one. */
    private static Set<Field> constants(Class<?> type, boolean publicOnly) {
        Set<Field> fields = new java.util.LinkedHashSet<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            Class<?> t = f.getType();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && !Modifier.isPrivate(m)
                    && (!publicOnly || Modifier.isPublic(m)) && (t == int.class || t == long.class || t == short.class)) {
                fields.add(f);
            }
        }
        return fields;
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyValueMatchesTheArchitecturesHeaders(Arch arch) throws Exception {
        KernelHeaders headers = KernelHeaders.of(arch);
        StringBuilder c = new StringBuilder(INCLUDES);
        for (Map.Entry<String, Long> e : tableOf(arch).entrySet()) {
            String expr = e.getKey();
            boolean newer = NEWER_THAN_HEADERS.contains(expr);
            c.append(newer ? "#ifdef " + expr + "\n" : "")
                    .append("_Static_assert((long long)(").append(expr).append(") == ").append(e.getValue())
                    .append("LL, \"").append(expr).append(" is ").append(e.getValue()).append(" in Berth\");\n")
                    .append(newer ? "#endif\n" : "");
        }
        String diagnostics = headers.check(c.toString());
        assertEquals("", diagnostics, headers.compiler() + " disagrees with Berth's table for " + arch);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void theHeadersAreThoseOfTheArchitecture(Arch arch) throws Exception {
        // The compile above proves each value against the headers it saw; these must be the
        // architecture's own, or a wrong table could pass against the wrong headers.
        KernelHeaders headers = KernelHeaders.of(arch);
        Map<String, String> macros = headers.macros(INCLUDES);
        Set<String> archSpecific = new TreeSet<>(Set.of("__aarch64__", "__x86_64__"));
        archSpecific.retainAll(macros.keySet());
        assertEquals(Set.of(arch == Arch.X86_64 ? "__x86_64__" : "__aarch64__"), archSpecific, headers.compiler());
    }

    @Test
    void syscallsTakesTheFlagsOfThisJvmsArchitecture() {
        assertEquals(Arch.current().openDirectory, Syscalls.O_DIRECTORY);
        assertEquals(Arch.current().openNoFollow, Syscalls.O_NOFOLLOW);
        assertEquals(Arch.X86_64, Arch.of("amd64"));
        assertEquals(Arch.AARCH64, Arch.of("aarch64"));
        assertEquals("unsupported architecture: riscv64 (Berth supports x86_64 and aarch64)",
                assertThrows(UnsupportedOperationException.class, () -> Arch.of("riscv64")).getMessage());
    }
}
