/*
 * Join mode: run a process in the namespaces of an existing container (exec). The helper is
 * single-threaded, which is what setns into a user namespace requires and what a JVM thread
 * can never be. setns() on a pidfd joins several namespaces in one call and the kernel orders
 * them itself (user namespace first), so rootless containers work the same way as root ones.
 *
 * After setns the helper's own view changes: a joined mount namespace changes its root and
 * cwd, a joined user namespace its credentials. That is why main() opens /dev/null and the
 * cgroup.procs files before calling this. The pid namespace join affects only children:
 * the clone3 child lands in the container's pid namespace, its mount namespace and its root,
 * and then skips the mount and pivot steps (there is no TAG_ROOT).
 *
 * What a process of the container can reach of an exec (the CVE-2024-21626 class), given
 * that it sees the exec's child appear in its pid namespace:
 *   - Not the child's descriptors, cwd, root or memory while it is being set up: the helper
 *     is non-dumpable from its first instruction and the child inherits that, so /proc/<pid>/fd,
 *     cwd, root, mem, environ and ptrace need CAP_SYS_PTRACE in the host's user namespace
 *     (where its memory was made). Its first act closes every descriptor but stdio and its
 *     two gate pipes (the host /proc is not even opened in join mode); its cwd and root are
 *     the container's once setns has joined the mount namespace. runc does the same: runc init
 *     is non-dumpable during setup and closes its descriptors (the fix of CVE-2024-21626).
 *   - The exec'd command once it runs, as in Docker: execve makes it dumpable by the kernel's
 *     rules, and it holds only its stdio (pipes to the JVM, a pty slave, or /dev/null).
 *   - Not this parent half: it joins every namespace but the pid one (setns affects only
 *     children there), so it has no pid in the container's /proc.
 *   - A container given CAP_SYS_PTRACE in the host's user namespace (root mode, --cap-add
 *     SYS_PTRACE) could reach the child in the microseconds between clone and its close of
 *     the descriptors, as it could runc init; after that only the gate pipes remain, through
 *     which it can at most make this exec fail.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "stage1.h"
#include "compat.h"

/* "user,mnt,pid" for step names. */
const char *ns_names(uint64_t flags)
{
	static const struct { uint64_t flag; const char *name; } names[] = {
		{CLONE_NEWUSER, "user"}, {CLONE_NEWNS, "mnt"}, {CLONE_NEWPID, "pid"},
		{CLONE_NEWUTS, "uts"}, {CLONE_NEWIPC, "ipc"}, {CLONE_NEWNET, "net"},
		{CLONE_NEWCGROUP, "cgroup"}, {CLONE_NEWTIME, "time"},
	};
	static char buf[64];
	buf[0] = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (flags & names[i].flag) {
			if (buf[0])
				strcat(buf, ",");
			strcat(buf, names[i].name);
		}
	return buf;
}

void join_namespaces(const struct spec *s, int have_fd)
{
	if (!have_fd)
		fail(EBADF, "setns %s: no pidfd on fd %d", ns_names(s->join), JOIN_FD);
	uint64_t rest = s->join;
	/* The user namespace alone first: the cgroup namespace's install checks CAP_SYS_ADMIN in
	 * the caller's current user namespace, which a one-call setns has not switched yet (EPERM
	 * for a rootless container). */
	if ((rest & CLONE_NEWUSER) && (rest & ~(uint64_t)CLONE_NEWUSER)) {
		if (setns(JOIN_FD, CLONE_NEWUSER) < 0)
			fail(errno, "setns user");
		rest &= ~(uint64_t)CLONE_NEWUSER;
	}
	if (setns(JOIN_FD, (int)rest) < 0)
		fail(errno, "setns %s", ns_names(rest));
}
