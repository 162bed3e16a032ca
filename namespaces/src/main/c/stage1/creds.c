/*
 * Resource limits, credentials, no_new_privs, seccomp and signal state of the container
 * process. Credentials use raw syscalls: the helper is single-threaded, so libc's
 * all-threads setxid machinery adds nothing, and raw calls behave the same under musl and glibc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

static const char *const rlimit_names[16] = {
	"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
	"RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
	"RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
	"RLIMIT_RTPRIO", "RLIMIT_RTTIME",
};

/* No clamping: a hard limit above the current one needs CAP_SYS_RESOURCE, which root lacks
 * on some hosts; the EPERM is reported so that Java can say which limit it was. */
void apply_rlimits(const struct spec *s)
{
	for (size_t i = 0; i < s->nrlimits; i++) {
		const struct rlimit_rec *r = &s->rlimits[i];
		struct rlimit rl = {.rlim_cur = r->soft, .rlim_max = r->hard};
		if (setrlimit((int)r->resource, &rl) < 0)
			fail(errno, "setrlimit %s", rlimit_names[r->resource]);
	}
}

/* The highest capability the kernel knows: PR_CAPBSET_READ answers EINVAL past it. This
 * needs no /proc (which may not be mounted in the new root). */
static int last_cap(void)
{
	int c = 0;
	while (c < 63 && prctl(PR_CAPBSET_READ, c + 1, 0, 0, 0) >= 0)
		c++;
	return c;
}

void apply_creds(const struct spec *s)
{
	int last = last_cap();
	uint64_t keep = s->caps & (last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1);
	int uid_change = s->has_user && s->uid != 0;

	if (s->has_caps) {
		/* Keep permitted caps across setresuid to a non-zero uid; capset then sets them. */
		if (uid_change && keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			fail(errno, "prctl PR_SET_KEEPCAPS");
		for (int c = 0; c <= last; c++)
			if (!(keep & (1ULL << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) {
				if (errno == EINVAL)
					break;
				fail(errno, "drop capability %d from the bounding set", c);
			}
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
			fail(errno, "clear ambient capabilities");
	}
	if (s->has_groups) {
		gid_t *g = (gid_t *)s->groups; /* gid_t is a 32-bit unsigned on every Linux ABI */
		/* With setgroups "deny" in a user namespace no list can be set; an empty list
		 * then means "leave them", since there is nothing else the helper could do. */
		if (syscall(SYS_setgroups, s->ngroups, g) < 0 && !(errno == EPERM && s->ngroups == 0))
			fail(errno, "setgroups");
	}
	if (s->has_user) {
		if (syscall(SYS_setresgid, s->gid, s->gid, s->gid) < 0)
			fail(errno, "setresgid %u", s->gid);
		if (syscall(SYS_setresuid, s->uid, s->uid, s->uid) < 0)
			fail(errno, "setresuid %u", s->uid);
	}
	if (s->has_caps) {
		struct berth_cap_header h = {BERTH_CAP_V3, 0};
		struct berth_cap_data d[2] = {
			{(uint32_t)keep, (uint32_t)keep, (uint32_t)keep},
			{(uint32_t)(keep >> 32), (uint32_t)(keep >> 32), (uint32_t)(keep >> 32)},
		};
		if (syscall(SYS_capset, &h, d) < 0)
			fail(errno, "capset");
		/* A non-root uid loses permitted caps at execve unless they are ambient. */
		for (int c = 0; uid_change && c <= last; c++)
			if ((keep & (1ULL << c)) &&
			    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
				fail(errno, "raise ambient capability %d", c);
	}
	if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(errno, "prctl PR_SET_NO_NEW_PRIVS");
}

void apply_seccomp(const struct spec *s)
{
	if (!s->has_seccomp)
		return;
	struct berth_sock_fprog prog = {
		.len = (unsigned short)(s->seccomp_len / 8),
		.filter = s->seccomp,
	};
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0 &&
	    (errno != ENOSYS || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0))
		fail(errno, "seccomp");
}

/*
 * Every disposition back to SIG_DFL and an empty mask. Raw rt_sigaction because libc wrappers
 * refuse their internal signals (glibc's 32/33, which posix_spawn leaves ignored), and the JDK
 * hands down a blocked SIGQUIT.
 */
void reset_signals(void)
{
	struct berth_kernel_sigaction dfl = {.handler = SIG_DFL};
	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	uint64_t empty = 0;
	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty, NULL, sizeof empty) < 0)
		fail(errno, "sigprocmask");
}
