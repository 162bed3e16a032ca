/*
 * Rootless user namespaces: id maps written through newuidmap/newgidmap, and the chown mode
 * that gives layer files the owners of a multi-range map, and their file capabilities, which
 * only the namespace's root may write (protocol.h, tags 30-33).
 *
 * An unprivileged process may write only "0 <own id> 1" into a child's uid_map. The ranges of
 * /etc/subuid and /etc/subgid are granted by the setuid newuidmap/newgidmap (shadow's uidmap),
 * which check the caller against those files. The parent half runs them with the child's pid,
 * as podman and rootlesskit do.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

#ifndef RESOLVE_BENEATH
#define RESOLVE_BENEATH 0x08
#endif
#ifndef RESOLVE_NO_SYMLINKS
#define RESOLVE_NO_SYMLINKS 0x04
#endif

#define MAX_MAP_ARGS 64

/* Runs "program pid triples..." and fails with its first line of stderr if it does not exit 0. */
void run_map_program(const char *program, pid_t pid, const char *map)
{
	char pidstr[16], buf[4096];
	snprintf(pidstr, sizeof pidstr, "%d", pid);
	snprintf(buf, sizeof buf, "%s", map);
	char *argv[MAX_MAP_ARGS + 3] = {(char *)program, pidstr};
	int argc = 2;
	for (char *tok = strtok(buf, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
		if (argc >= MAX_MAP_ARGS + 2)
			fail(E2BIG, "%s: map has too many fields", program);
		argv[argc++] = tok;
	}
	argv[argc] = NULL;
	int errp[2];
	if (pipe2(errp, O_CLOEXEC) < 0)
		fail(errno, "pipe for %s", program);
	pid_t p = fork();
	if (p < 0)
		fail(errno, "fork %s", program);
	if (p == 0) {
		dup2(errp[1], STDERR_FILENO);
		dup2(errp[1], STDOUT_FILENO);
		/* The report and lifeline pipes are the helper's, not the program's. */
		syscall(SYS_close_range, 3, ~0U, 0);
		char *envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL};
		execve(program, argv, envp);
		dprintf(STDERR_FILENO, "execve: %s", strerror(errno));
		_exit(127);
	}
	close(errp[1]);
	char msg[512];
	ssize_t n = 0, r;
	while (n < (ssize_t)sizeof msg - 1 && (r = read(errp[0], msg + n, sizeof msg - 1 - (size_t)n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		n += r;
	}
	close(errp[0]);
	msg[n] = 0;
	msg[strcspn(msg, "\n")] = 0;
	int status;
	while (waitpid(p, &status, 0) < 0)
		if (errno != EINTR)
			fail(errno, "wait for %s", program);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail(EPERM, "%s %s %s: %s", program, pidstr, map, msg[0] ? msg : "failed");
}

/* The parent directory of rel, opened beneath root without following any symlink. */
static int open_parent(int root, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	if (!slash) {
		*base = rel;
		return fcntl(root, F_DUPFD_CLOEXEC, 0);
	}
	*base = slash + 1;
	char parent[4096];
	if ((size_t)(slash - rel) >= sizeof parent) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(parent, rel, (size_t)(slash - rel));
	parent[slash - rel] = 0;
	struct berth_open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	long fd;
	do
		fd = syscall(SYS_openat2, root, parent, &how, sizeof how);
	while (fd < 0 && (errno == EAGAIN || errno == EINTR));
	return (int)fd;
}

/* The file capability of a regular file, after its chown (which removes it). As root of the
 * user namespace the kernel accepts it and stores it as v3 with our root's host uid. */
static void set_file_capability(int dir, const char *base, const struct chown_rec *c)
{
	int fd = openat(dir, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		fail(errno, "setxattr security.capability %s", c->path);
	struct stat st;
	if (fstat(fd, &st) < 0)
		fail(errno, "setxattr security.capability %s", c->path);
	if (!S_ISREG(st.st_mode))
		fail(EINVAL, "setxattr security.capability %s: not a regular file", c->path);
	if (fsetxattr(fd, "security.capability", c->fcap, c->fcap_len, 0) < 0)
		fail(errno, "setxattr security.capability %s", c->path);
	close(fd);
}

noreturn void run_chowns(const struct spec *s)
{
	int root = open(s->chown_root, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (root < 0)
		fail(errno, "open %s", s->chown_root);
	for (size_t i = 0; i < s->nchowns; i++) {
		const struct chown_rec *c = &s->chowns[i];
		if (!strcmp(c->path, ".")) {
			if (fchownat(root, "", c->uid, c->gid, AT_EMPTY_PATH) < 0)
				fail(errno, "chown %s", c->path);
			continue;
		}
		const char *base;
		int dir = open_parent(root, c->path, &base);
		if (dir < 0)
			fail(errno, "chown %s", c->path);
		struct stat st;
		if (fchownat(dir, base, c->uid, c->gid, AT_SYMLINK_NOFOLLOW) < 0 ||
		    fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
			fail(errno, "chown %s", c->path);
		if (c->mode != 0xffffffffu && !S_ISLNK(st.st_mode) && fchmodat(dir, base, c->mode & 07777, 0) < 0)
			fail(errno, "chmod %s", c->path);
		if (c->fcap_len)
			set_file_capability(dir, base, c);
		close(dir);
	}
	_exit(0);
}
