/*
 * The --init mode (TAG_INIT): the container's PID 1 is the helper's child itself, which forks
 * the command and then only reaps zombies and forwards signals, as tini and docker-init do.
 * Nothing is taken from the image, and no binary has to exist inside the root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

noreturn void run_as_init(const struct spec *s)
{
	/* Everything blocked before the fork, so no signal meant for the command is lost between
	 * fork and the first sigwaitinfo. */
	sigset_t all, none;
	sigfillset(&all);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &all, NULL);
	pid_t child = fork();
	if (child < 0)
		fail(errno, "fork for init");
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &none, NULL);
		exec_command(s);
	}
	/* PID 1 keeps no descriptor: the error pipe must reach EOF when the command execs, and
	 * the helper's report and lifeline pipes must not be reachable from inside (a process of
	 * the container with the same uid could otherwise ptrace PID 1 and write to them). */
	if (syscall(SYS_close_range, 0, ~0U, 0) < 0)
		for (int fd = 0; fd < 1024; fd++)
			close(fd);
	/* In a user namespace PID 1 stays dumpable, as an exec'd init (tini) is: it was never
	 * exec'd, so its memory belongs to the host's user namespace, and non-dumpable it would be
	 * out of ptrace reach of the unprivileged user, whose exec (pidfd setns checks ptrace
	 * access) then fails with EPERM. It holds no descriptor and no capability to steal. */
	prctl(PR_SET_DUMPABLE, (s->namespaces & CLONE_NEWUSER) ? 1 : 0, 0, 0, 0);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&all, &si);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		int status;
		pid_t p;
		while ((p = waitpid(-1, &status, WNOHANG)) > 0)
			if (p == child)
				/* A signal death becomes 128 + N: PID 1 cannot be killed from inside its
				 * own pid namespace, so it cannot die of the same signal. */
				_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
}
