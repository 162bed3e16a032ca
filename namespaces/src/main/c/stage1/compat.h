/*
 * Kernel interfaces that musl 1.2.x or glibc 2.36 headers may lack. musl-gcc builds with
 * -nostdinc, so <linux/...> headers are not available: everything the helper needs beyond
 * libc is defined here. Include this after all system headers. Constants keep their kernel
 * names behind #ifndef; structs get a berth_ prefix so they can never clash with a libc.
 * The new syscalls have the same numbers on x86_64 and aarch64 (generic table).
 */
#ifndef BERTH_STAGE1_COMPAT_H
#define BERTH_STAGE1_COMPAT_H

#include <stdint.h>

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_fsopen
#define SYS_fsopen 430
#endif
#ifndef SYS_fsconfig
#define SYS_fsconfig 431
#endif
#ifndef SYS_fsmount
#define SYS_fsmount 432
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#define BERTH_NS_FLAGS                                                                     \
	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |          \
	 CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME)

struct berth_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#define BERTH_P_PIDFD 3

/* ptys (asm-generic ioctls: the same on x86_64 and aarch64) and the devpts magic. */
#ifndef TIOCGPTN
#define TIOCGPTN 0x80045430
#endif
#ifndef TIOCSPTLCK
#define TIOCSPTLCK 0x40045431
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif
#ifndef DEVPTS_SUPER_MAGIC
#define DEVPTS_SUPER_MAGIC 0x1cd1
#endif

struct berth_open_how {
	uint64_t flags, mode, resolve;
};
#ifndef RESOLVE_IN_ROOT
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_IN_ROOT 0x10
#endif

/* glibc >= 2.36 <sys/mount.h> has these (the enum values with #define X X); musl has none. */
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#define FSMOUNT_CLOEXEC 0x00000001
#endif
#ifndef FSCONFIG_SET_FLAG
#define FSCONFIG_SET_FLAG 0
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
#define MOUNT_ATTR_NOATIME 0x00000010
#define MOUNT_ATTR_STRICTATIME 0x00000020
#define MOUNT_ATTR_NODIRATIME 0x00000080
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#endif

#define BERTH_CAP_V3 0x20080522
struct berth_cap_header {
	uint32_t version;
	int pid;
};
struct berth_cap_data {
	uint32_t effective, permitted, inheritable;
};

#ifndef SECCOMP_SET_MODE_FILTER /* <linux/seccomp.h>, which musl-gcc cannot see */
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_MODE_FILTER 2
#endif
struct berth_sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
struct berth_sock_fprog {
	unsigned short len;
	struct berth_sock_filter *filter;
};

/* The kernel's struct sigaction (x86_64 and arm64 both define SA_RESTORER, so same layout). */
struct berth_kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

#endif
