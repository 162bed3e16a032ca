/*
 * The last step of both ways a command is run: by the child itself (child.c), or by the
 * --init PID 1's forked child (init.c). Its own file so that neither of those two depends on
 * the other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stage1.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* execve, searching the container's PATH (from the spec's env) when argv[0] has no '/'. */
noreturn void exec_command(const struct spec *s)
{
	take_terminal(s);
	trace_mark("execve");
	const char *file = s->argv[0];
	if (strchr(file, '/')) {
		execve(file, s->argv, s->envp);
		fail(errno, "execve %s", file);
	}
	const char *path = DEFAULT_PATH;
	for (size_t i = 0; i < s->envc; i++)
		if (!strncmp(s->envp[i], "PATH=", 5))
			path = s->envp[i] + 5;
	int err = ENOENT;
	char buf[4096];
	for (const char *p = path;; p++) {
		size_t n = strcspn(p, ":");
		/* an empty entry means the current directory, as in execvp */
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)n, n ? p : ".", "/", file);
		execve(buf, s->argv, s->envp);
		if (errno == EACCES)
			err = EACCES;
		else if (errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG)
			fail(errno, "execve %s", buf);
		p += n;
		if (!*p)
			break;
	}
	fail(err, "execve %s", file);
}
