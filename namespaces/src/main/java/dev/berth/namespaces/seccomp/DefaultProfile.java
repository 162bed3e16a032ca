package dev.berth.namespaces.seccomp;

import static dev.berth.namespaces.launch.Capability.BPF;
import static dev.berth.namespaces.launch.Capability.DAC_READ_SEARCH;
import static dev.berth.namespaces.launch.Capability.PERFMON;
import static dev.berth.namespaces.launch.Capability.SYSLOG;
import static dev.berth.namespaces.launch.Capability.SYS_ADMIN;
import static dev.berth.namespaces.launch.Capability.SYS_BOOT;
import static dev.berth.namespaces.launch.Capability.SYS_CHROOT;
import static dev.berth.namespaces.launch.Capability.SYS_MODULE;
import static dev.berth.namespaces.launch.Capability.SYS_NICE;
import static dev.berth.namespaces.launch.Capability.SYS_PACCT;
import static dev.berth.namespaces.launch.Capability.SYS_PTRACE;
import static dev.berth.namespaces.launch.Capability.SYS_RAWIO;
import static dev.berth.namespaces.launch.Capability.SYS_TIME;
import static dev.berth.namespaces.launch.Capability.SYS_TTY_CONFIG;

import dev.berth.namespaces.launch.Capability;
import java.util.ArrayList;
import java.util.List;

/**
 * Berth's default profile, built to have the effect of Docker's default profile
 * (moby {@code profiles/seccomp/default.json}): an allow-list grouped by what the calls do;
 * every other call fails with EPERM. Calls that need a capability are allowed only to a
 * process that keeps it, like Docker's {@code includes.caps}; without CAP_SYS_ADMIN, clone may
 * not create namespaces and clone3 (whose flags BPF cannot read: they are in memory) answers
 * ENOSYS so that libc falls back to clone. Names an architecture lacks are skipped there.
 */
final class DefaultProfile {
    /** The flags of clone that create namespaces: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
    static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;

    static final SeccompProfile INSTANCE = SeccompProfile.of(SeccompAction.errno(SeccompAction.EPERM), rules());

    private DefaultProfile() {
    }

    private static final String FILES = """
            access chdir chmod chown chown32 close close_range copy_file_range creat dup dup2 dup3
            faccessat faccessat2 fadvise64 fadvise64_64 fallocate fchdir fchmod fchmodat fchmodat2 fchown
            fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr flock fremovexattr fsetxattr
            fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futimesat getcwd
            getdents getdents64 getxattr getxattrat lchown lchown32 lgetxattr link linkat listxattr listxattrat
            llistxattr _llseek lremovexattr lseek lsetxattr lstat lstat64 mkdir mkdirat mknod mknodat
            name_to_handle_at newfstatat open openat openat2 pread64 preadv preadv2 pwrite64 pwritev
            pwritev2 read readahead readlink readlinkat readv removexattr removexattrat rename renameat
            renameat2 rmdir sendfile sendfile64 setxattr setxattrat splice stat stat64 statfs statfs64 statx
            symlink symlinkat sync sync_file_range syncfs tee truncate truncate64 umask unlink unlinkat
            utime utimensat utimensat_time64 utimes vmsplice write writev file_getattr file_setattr
            """;

    private static final String EVENTS_AND_IO = """
            epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait
            epoll_wait_old eventfd eventfd2 fanotify_mark inotify_add_watch inotify_init inotify_init1
            inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents io_pgetevents_time64
            ioprio_get ioprio_set io_setup io_submit io_uring_enter io_uring_register io_uring_setup
            pipe pipe2 poll ppoll ppoll_time64 pselect6 pselect6_time64 select _newselect signalfd
            signalfd4 timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64
            """;

    private static final String MEMORY = """
            brk madvise membarrier memfd_create memfd_secret mincore mlock mlock2 mlockall mmap mmap2
            mprotect mremap msync munlock munlockall munmap pkey_alloc pkey_free pkey_mprotect
            remap_file_pages map_shadow_stack mseal cachestat
            """;

    private static final String PROCESSES_AND_SIGNALS = """
            capget capset execve execveat exit exit_group fork vfork getcpu getegid getegid32 geteuid
            geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpgid getpgrp getpid getppid
            getpriority getresgid getresgid32 getresuid getresuid32 getrlimit ugetrlimit get_robust_list
            getrusage getsid get_thread_area gettid getuid getuid32 kill pause pidfd_open
            pidfd_send_signal prctl prlimit64 process_mrelease restart_syscall rseq rt_sigaction
            rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait
            rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity sched_getattr sched_getparam
            sched_get_priority_max sched_get_priority_min sched_getscheduler sched_rr_get_interval
            sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam
            sched_setscheduler sched_yield seccomp setfsgid setfsgid32 setfsuid setfsuid32 setgid
            setgid32 setgroups setgroups32 setitimer setpgid setpriority setregid setregid32 setresgid
            setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit set_robust_list setsid
            set_thread_area set_tid_address setuid setuid32 sigaltstack sigprocmask sigreturn tgkill
            tkill wait4 waitid waitpid landlock_add_rule landlock_create_ruleset landlock_restrict_self
            futex futex_time64 futex_waitv futex_wake futex_wait futex_requeue
            """;

    private static final String TIME = """
            adjtimex alarm clock_adjtime clock_adjtime64 clock_getres clock_getres_time64
            clock_gettime clock_gettime64 clock_nanosleep clock_nanosleep_time64 gettimeofday
            nanosleep time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64
            timer_settime timer_settime64 times getrandom sysinfo uname
            """;

    private static final String IPC_AND_NETWORK = """
            accept accept4 bind connect getpeername getsockname getsockopt listen recv recvfrom
            recvmmsg recvmmsg_time64 recvmsg send sendmmsg sendmsg sendto setsockopt shutdown
            socketcall socketpair ipc mq_getsetattr mq_notify mq_open mq_timedreceive
            mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink msgctl msgget msgrcv
            msgsnd semctl semget semop semtimedop semtimedop_time64 shmat shmctl shmdt shmget
            """;

    /** Allowed on kernels from 4.8 on, where seccomp can no longer be bypassed with ptrace. */
    private static final String PTRACE = "process_vm_readv process_vm_writev ptrace";

    private static final String NEEDS_SYS_ADMIN = """
            bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount
            mount_setattr move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname
            sethostname setns syslog umount umount2 unshare
            """;

    private static List<SyscallRule> rules() {
        SeccompAction allow = SeccompAction.ALLOW;
        List<SyscallRule> r = new ArrayList<>();
        for (String group : List.of(FILES, EVENTS_AND_IO, MEMORY, PROCESSES_AND_SIGNALS, TIME, IPC_AND_NETWORK)) {
            r.add(SyscallRule.of(allow, names(group)));
        }
        r.add(SyscallRule.of(allow, names(PTRACE)).including(new RuleScope(java.util.Set.of(), java.util.Set.of(), "4.8")));
        // AF_VSOCK (40) sockets reach the host's hypervisor services; every other family is allowed.
        r.add(SyscallRule.of(allow, "socket").withArgs(ArgCondition.ne(0, 40)));
        // The execution domains old binaries ask for: PER_LINUX, PER_LINUX32, UNAME26 variants, and the query 0xffffffff.
        for (long persona : new long[] {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL}) {
            r.add(SyscallRule.of(allow, "personality").withArgs(ArgCondition.eq(0, persona)));
        }
        r.add(SyscallRule.of(allow, "arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint",
                "cacheflush", "set_tls").including(RuleScope.arches("arm", "arm64")));
        r.add(SyscallRule.of(allow, "arch_prctl").including(RuleScope.arches("amd64", "x32")));
        r.add(SyscallRule.of(allow, "modify_ldt").including(RuleScope.arches("amd64", "x32", "x86")));
        r.add(capability(DAC_READ_SEARCH, "open_by_handle_at"));
        r.add(SyscallRule.of(allow, names(NEEDS_SYS_ADMIN)).including(RuleScope.caps(SYS_ADMIN)));
        // Threads and fork, but no new namespaces, for a process without CAP_SYS_ADMIN.
        r.add(SyscallRule.of(allow, "clone").withArgs(ArgCondition.maskedEq(0, CLONE_NAMESPACE_FLAGS, 0))
                .excluding(RuleScope.caps(SYS_ADMIN)));
        r.add(SyscallRule.of(SeccompAction.errno(SeccompAction.ENOSYS), "clone3").excluding(RuleScope.caps(SYS_ADMIN)));
        r.add(capability(SYS_BOOT, "reboot"));
        r.add(capability(SYS_CHROOT, "chroot"));
        r.add(capability(SYS_MODULE, "delete_module", "init_module", "finit_module"));
        r.add(capability(SYS_PACCT, "acct"));
        r.add(capability(SYS_PTRACE, "kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv",
                "process_vm_writev", "ptrace"));
        r.add(capability(SYS_RAWIO, "iopl", "ioperm"));
        r.add(capability(SYS_TIME, "settimeofday", "stime", "clock_settime", "clock_settime64"));
        r.add(capability(SYS_TTY_CONFIG, "vhangup"));
        r.add(capability(SYS_NICE, "get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"));
        r.add(capability(SYSLOG, "syslog"));
        r.add(capability(BPF, "bpf"));
        r.add(capability(PERFMON, "perf_event_open"));
        return r;
    }

    private static SyscallRule capability(Capability cap, String... names) {
        return SyscallRule.of(SeccompAction.ALLOW, names).including(RuleScope.caps(cap));
    }

    private static String[] names(String group) {
        return group.trim().split("\\s+");
    }
}
