/*
 * The child half: everything between clone and execve, in the order the kernel needs it.
 * Failures go to the parent over the close-on-exec error pipe (fail() in report.c); the
 * pipe reaching EOF without a message means execve succeeded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

static void write_proc_self(const char *file, const char *value)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write_all(fd, value, strlen(value)) < 0)
		fail(errno, "write %s", file);
	close(fd);
}

/* mkdir -p, then chdir. Runs after pivot_root (or inside the joined root), so plain paths
 * cannot leave the container. */
static void enter_cwd(const char *cwd)
{
	if (chdir(cwd) == 0)
		return;
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", cwd);
	for (char *p = buf + 1;; p++)
		if (*p == '/' || *p == 0) {
			char c = *p;
			*p = 0;
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				fail(errno, "mkdir %s", buf);
			if (!(*p = c))
				break;
		}
	if (chdir(cwd) < 0)
		fail(errno, "chdir %s", cwd);
}

/* Marks every inherited descriptor from 3 up close-on-exec; 0-2 stay the container's stdio. */
static void cloexec_from_3(void)
{
	if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	/* Before 5.11: the helper closed everything >= FIRST_FREE_FD at start and opened only
	 * a handful since, so a short loop covers it. */
	for (int fd = 3; fd < 1024; fd++)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Reads one gate byte from the parent; false when the parent is gone (EOF). */
static int wait_gate(int syncfd, char want)
{
	char c;
	ssize_t n;
	while ((n = read(syncfd, &c, 1)) < 0 && errno == EINTR)
		;
	return n == 1 && c == want;
}

noreturn void run_child(const struct spec *s, pid_t parent, int syncfd, int errfd, int consolefd)
{
	trace_mark("child");
	g_errfd = errfd;
	g_child_pid = 0;
	/* First act: drop every descriptor of the helper's but the two gate pipes (stdio stays:
	 * it is the container's). In join mode this process already is in the container's pid
	 * namespace; it was born non-dumpable (main.c), so nothing there could reach these
	 * descriptors meanwhile, and after this it holds none worth reaching. The console socket
	 * (TAG_CONSOLE) stays until the pty's master has gone through it. */
	close_fds_except(syncfd, errfd, consolefd);

	/* If the helper dies during setup the child must not carry on alone. In a new pid
	 * namespace getppid() is 0; the sync pipe's EOF catches a dead parent there. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		fail(errno, "prctl PR_SET_PDEATHSIG");
	pid_t pp = getppid();
	if (pp != 0 && pp != parent)
		_exit(127);
	if (!wait_gate(syncfd, 'R'))
		_exit(127); /* the parent died before releasing us; nobody to report to */
	trace_mark("child-R");
	/* The maps are written now, but our credentials still hold the ids we were cloned
	 * with, which the maps need not cover (root helper, "0 100000 65536"). Become the new
	 * namespace's root so that setup creates files as the mapped root, as runc does. */
	if (s->gid_map && syscall(SYS_setresgid, 0, 0, 0) < 0)
		fail(errno, "setresgid 0 in the user namespace");
	if (s->uid_map && syscall(SYS_setresuid, 0, 0, 0) < 0)
		fail(errno, "setresuid 0 in the user namespace");
	if (s->chown_root)
		run_chowns(s);

	/* Early, through the host /proc (or the joined container's /proc): the new root may
	 * have no /proc at all. The value is inherited by execve. */
	if (s->has_oom) {
		char v[16];
		snprintf(v, sizeof v, "%d", s->oom_score_adj);
		write_proc_self("/proc/self/oom_score_adj", v);
	}

	/* umask 0 during setup so device nodes and directories get exactly the spec's modes. */
	mode_t inherited = umask(0);
	if (s->root)
		setup_root(s);
	trace_mark("root");
	if (s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		fail(errno, "sethostname");
	if (s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
		fail(errno, "setdomainname");
	if (s->loopback)
		loopback_up();
	enter_cwd(s->cwd && s->cwd[0] ? s->cwd : "/");
	trace_mark("cwd");
	umask(s->has_umask ? (mode_t)s->umask : inherited);

	/* Second gate: the parent has written our pid into every cgroup.procs. Only now is the
	 * cgroup namespace made (its root is the container's cgroup) and container code run. */
	if (!wait_gate(syncfd, 'C'))
		_exit(127);
	trace_mark("child-C");
	close(syncfd);
	/* The terminal is opened in the container's own /dev/pts: after pivot_root, or in the
	 * joined mount namespace (whose root setns made ours). Only now, inside the container's
	 * cgroups, so that opening ptmx goes through its device policy, as runc opens its console. */
	if (consolefd >= 0)
		open_console(s, consolefd);
	/* The id maps are written, and the network gate has opened our namespaces' files (the
	 * user-mode network joins them through /proc/<pid>/ns): dumpable for them no longer. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		fail(errno, "prctl PR_SET_DUMPABLE 0");
	if ((s->namespaces & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		fail(errno, "unshare cgroup");
	trace_mark("cgroupns");

	apply_rlimits(s);
	/* Without no_new_privs, seccomp(2) needs CAP_SYS_ADMIN, which apply_creds may drop: the
	 * filter then goes in first (as runc does) and must allow the credential calls after it. */
	if (!s->no_new_privs)
		apply_seccomp(s);
	apply_creds(s);
	trace_mark("creds");
	/* A credential change sets the dumpable flag to fs.suid_dumpable, which may be 1: keep the
	 * process out of ptrace and /proc/<pid>/fd reach until execve decides. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		fail(errno, "prctl PR_SET_DUMPABLE 0 after the credentials");
	reset_signals();
	/* Credential changes clear the parent-death signal. Keep it only when the container is
	 * meant to die with its parent; otherwise the container outlives a killed helper. */
	if (prctl(PR_SET_PDEATHSIG, s->die_with_parent ? SIGKILL : 0, 0, 0, 0) < 0)
		fail(errno, "prctl PR_SET_PDEATHSIG");
	cloexec_from_3();
	trace_mark("signals");
	if (s->no_new_privs)
		apply_seccomp(s);
	trace_mark("seccomp");
	if (s->init)
		run_as_init(s);
	exec_command(s);
}
