/*
 * Error reporting. One function, fail(), serves both halves: in the parent it kills and reaps
 * the child (so that "no container process remains" holds when Java reads the E line),
 * reports "E <errno> <step>" and exits 1; in the child it writes "<errno> <step>" to the
 * close-on-exec error pipe, which the parent forwards, and exits 127.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

int g_errfd = -1;
pid_t g_child_pid;
int g_child_pidfd = -1;

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Formats into buf; a newline would end the report line early, so it becomes '?'. */
static void format_line(char *buf, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(buf, size, fmt, ap);
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = '?';
}

void report(const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	va_start(ap, fmt);
	format_line(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	/* Java may be gone (EPIPE, SIGPIPE is ignored): nothing left to tell. */
	write_all(REPORT_FD, line, strlen(line));
}

noreturn void fail(int err, const char *fmt, ...)
{
	/* Kept below PIPE_BUF so the child's message reaches the parent in one piece. */
	char step[3072];
	va_list ap;
	va_start(ap, fmt);
	format_line(step, sizeof step, fmt, ap);
	va_end(ap);

	if (g_errfd >= 0) {
		char msg[sizeof step + 16];
		int n = snprintf(msg, sizeof msg, "%d %s", err, step);
		write_all(g_errfd, msg, (size_t)n);
		_exit(127);
	}
	if (g_child_pid > 0) {
		/* The pidfd cannot hit a recycled pid; kill() only before clone3 handed us one. */
		if (g_child_pidfd < 0 || syscall(SYS_pidfd_send_signal, g_child_pidfd, SIGKILL, NULL, 0) < 0)
			kill(g_child_pid, SIGKILL);
		while (waitpid(g_child_pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	report("E %d %s", err, step);
	exit(1);
}
