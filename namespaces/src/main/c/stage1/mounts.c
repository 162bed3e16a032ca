/*
 * The child's root-mode setup: make "/" private, execute the mount records in order, then
 * pivot_root into TAG_ROOT. Runs in the child's new mount namespace, before pivot_root, so
 * host paths (bind sources, overlay layers, /dev/null, /proc/self) are still reachable.
 *
 * Every target is resolved inside the root with openat2(RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS): a symlink in the image ("/etc" -> "/host/etc", or "../../..")
 * resolves as it would after pivot_root and can never reach a host path. The operation is
 * then applied to the resolved descriptor through /proc/self/fd/N (or move_mount), never by
 * re-walking the path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

static const char *g_root; /* host path of the new root */
static int g_rootfd = -1;  /* O_PATH fd of the topmost mount on g_root */
static char g_detail[512]; /* extra text for the current step (kernel fs_context message) */

/* Opens g_root again. Needed after anything is mounted on "/" itself: the old descriptor
 * still points at the directory underneath the new mount. */
static void reopen_root(void)
{
	if (g_rootfd >= 0)
		close(g_rootfd);
	g_rootfd = open(g_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (g_rootfd < 0)
		fail(errno, "open root %s", g_root);
}

static int open_in_root(const char *path, int flags)
{
	struct berth_open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;
	do /* EAGAIN: a concurrent rename raced the ".." checks; just retry */
		fd = syscall(SYS_openat2, g_rootfd, path, &how, sizeof how);
	while (fd < 0 && (errno == EAGAIN || errno == EINTR));
	return (int)fd;
}

enum create { NO_CREATE, CREATE_DIR, CREATE_FILE };

/*
 * Returns an O_PATH descriptor of path inside the root, or -1 with errno. With `create`,
 * missing components are made one at a time: each is created with mkdirat/openat on the
 * already-resolved parent descriptor and a plain name, so creation cannot follow a symlink
 * out of the root either (a dangling symlink in the way makes the walk fail with ENOENT).
 * Parents get 0755; the last component gets mode (umask is 0 during setup).
 */
static int resolve(const char *path, enum create create, mode_t mode)
{
	int fd = open_in_root(path, O_PATH);
	if (fd >= 0 || errno != ENOENT || create == NO_CREATE)
		return fd;
	char buf[4096];
	if (strlen(path) >= sizeof buf)
		return errno = ENAMETOOLONG, -1;
	strcpy(buf, path);
	int parent = open_in_root("/", O_PATH);
	for (char *comp = buf; parent >= 0;) {
		while (*comp == '/')
			comp++;
		if (!*comp)
			return parent;
		char *end = strchrnul(comp, '/');
		int last = !end[strspn(end, "/")];
		char saved = *end;
		*end = 0;
		fd = open_in_root(buf, O_PATH);
		if (fd < 0 && errno == ENOENT) {
			int rc;
			if (last && create == CREATE_FILE) {
				rc = openat(parent, comp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
					    mode);
				if (rc >= 0)
					close(rc);
			} else {
				rc = mkdirat(parent, comp, last ? mode : 0755);
			}
			fd = (rc < 0 && errno != EEXIST) ? -1 : open_in_root(buf, O_PATH);
		}
		int err = errno;
		close(parent);
		errno = err;
		parent = fd;
		*end = saved;
		comp = end;
	}
	return -1;
}

/* Resolves (creating) the parent directory of target; *name gets the last component. */
static int resolve_parent(const char *target, const char **name)
{
	char dir[4096];
	const char *slash = strrchr(target, '/');
	size_t n = (size_t)(slash - target);
	if (n >= sizeof dir || !slash[1] || !strcmp(slash + 1, "."))
		return errno = EINVAL, -1;
	memcpy(dir, target, n);
	strcpy(dir + n, n ? "" : "/");
	*name = slash + 1;
	return resolve(dir, CREATE_DIR, 0755);
}

static const char *fdpath(int fd)
{
	static char buf[2][32]; /* two may be live at once (OP_READONLY binds tp on tp) */
	static int which;
	which ^= 1;
	snprintf(buf[which], sizeof buf[which], "/proc/self/fd/%d", fd);
	return buf[which];
}

/*
 * A bind remount never loosens the mount it applies to: nosuid/nodev/noexec (and for a fresh
 * bind, ro) that the mount already has are kept. In a user namespace these flags are locked
 * and leaving one out fails with EPERM; outside one, keeping them is the safe reading. atime
 * flags are kept by the kernel itself when none is given.
 */
static unsigned long kept_flags(int fd, int keep_ro)
{
	struct statvfs st;
	if (fstatvfs(fd, &st) < 0)
		return 0;
	unsigned long keep = ST_NOSUID | ST_NODEV | ST_NOEXEC | (keep_ro ? ST_RDONLY : 0);
	/* ST_* and MS_* values agree for these four flags. */
	return st.f_flag & keep;
}

static int bind_remount(const char *target, unsigned long flags, int keep_ro)
{
	int fd = resolve(target, NO_CREATE, 0);
	if (fd < 0)
		return -1;
	flags |= MS_BIND | MS_REMOUNT | kept_flags(fd, keep_ro);
	int rc = mount(NULL, fdpath(fd), NULL, flags, NULL);
	int err = errno;
	close(fd);
	errno = err;
	return rc;
}

/* Reads the fs_context log (messages such as "overlayfs: failed to resolve ..."). */
static void fs_context_detail(int fsfd)
{
	char msg[sizeof g_detail - 4];
	ssize_t n = read(fsfd, msg, sizeof msg - 1);
	if (n > 2) {
		msg[n] = 0;
		msg[strcspn(msg, "\n")] = 0;
		snprintf(g_detail, sizeof g_detail, " (%s)", msg + 2); /* skip "e " */
	}
}

static int overlay_new_api(const struct mount_rec *r, int tfd, int *unsupported)
{
	int fs = (int)syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
	if (fs < 0)
		return *unsupported = 1, -1;
	int rc = -1, first = 1;
	syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", "overlay", 0); /* for mountinfo */
	char *lowers = strdup(r->source), *save = NULL, *opts = strdup(r->data);
	for (char *l = strtok_r(lowers, "\n", &save); l; l = strtok_r(NULL, "\n", &save), first = 0) {
		if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "lowerdir+", l, 0) < 0) {
			/* "lowerdir+" is new in 6.8; older kernels reject the key with EINVAL. */
			if (first && errno == EINVAL)
				*unsupported = 1;
			else
				snprintf(g_detail, sizeof g_detail, " (lowerdir+ %.400s)", l);
			goto out;
		}
	}
	for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(o, '=');
		if (eq)
			*eq = 0;
		if (syscall(SYS_fsconfig, fs, eq ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG, o,
			    eq ? eq + 1 : NULL, 0) < 0) {
			snprintf(g_detail, sizeof g_detail, " (option %.400s)", o);
			goto out;
		}
	}
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		int err = errno;
		fs_context_detail(fs);
		errno = err;
		goto out;
	}
	unsigned attr = 0;
	static const struct { unsigned long ms; unsigned attr; } map[] = {
		{MS_RDONLY, MOUNT_ATTR_RDONLY}, {MS_NOSUID, MOUNT_ATTR_NOSUID},
		{MS_NODEV, MOUNT_ATTR_NODEV}, {MS_NOEXEC, MOUNT_ATTR_NOEXEC},
		{MS_NOATIME, MOUNT_ATTR_NOATIME}, {MS_NODIRATIME, MOUNT_ATTR_NODIRATIME},
		{MS_STRICTATIME, MOUNT_ATTR_STRICTATIME},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (r->flags & map[i].ms)
			attr |= map[i].attr;
	int mfd = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, attr);
	if (mfd >= 0) {
		rc = (int)syscall(SYS_move_mount, mfd, "", tfd, "",
				  MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
		int err = errno;
		close(mfd);
		errno = err;
	}
out:;
	int err = errno;
	close(fs);
	free(lowers);
	free(opts);
	errno = err;
	return rc;
}

/* Appends a lower path for the legacy option string; ':' ',' '\' are backslash-escaped. */
static void append_escaped(char *buf, size_t *len, size_t cap, const char *s)
{
	for (; *s && *len + 2 < cap; s++) {
		if (*s == ':' || *s == ',' || *s == '\\')
			buf[(*len)++] = '\\';
		buf[(*len)++] = *s;
	}
	buf[*len] = 0;
}

/* mount(2) fallback: "lowerdir=a:b:c,<data>". When that exceeds a page (the kernel copies
 * one page of options), chdir to the common parent of the lowers and use relative paths,
 * as Docker's overlay2 does. */
static int overlay_legacy(const struct mount_rec *r, int tfd)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), cap = strlen(r->source) * 2 + strlen(r->data) + 16;
	char *opts = malloc(cap);
	size_t common = 0; /* length of the common directory prefix, through its last '/' */
	for (int pass = 0; pass < 2; pass++) {
		size_t len = 0;
		strcpy(opts, "lowerdir=");
		len = strlen(opts);
		char *lowers = strdup(r->source), *save = NULL;
		for (char *l = strtok_r(lowers, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			if (len > 9)
				opts[len++] = ':';
			append_escaped(opts, &len, cap, l + common);
		}
		free(lowers);
		if (r->data[0])
			snprintf(opts + len, cap - len, ",%s", r->data);
		if (strlen(opts) < page)
			break;
		if (pass == 1) {
			free(opts);
			snprintf(g_detail, sizeof g_detail, " (options exceed a page)");
			return errno = E2BIG, -1;
		}
		/* the common prefix of all lowers, cut back to a '/' */
		const char *first = r->source;
		common = strcspn(first, "\n");
		for (const char *l = first; *l;) {
			size_t n = strcspn(l, "\n"), i = 0;
			while (i < common && i < n && l[i] == first[i])
				i++;
			common = i;
			l += n + (l[n] != 0);
		}
		while (common > 0 && first[common - 1] != '/')
			common--;
		char dir[4096];
		snprintf(dir, sizeof dir, "%.*s", (int)common, first);
		if (common == 0 || chdir(dir) < 0) {
			free(opts);
			snprintf(g_detail, sizeof g_detail, " (chdir %.400s)", dir);
			return -1;
		}
	}
	int rc = mount("overlay", fdpath(tfd), "overlay", r->flags, opts);
	int err = errno;
	free(opts);
	if (chdir("/") < 0) /* only matters for relative lowers; the real cwd is set later */
		err = errno, rc = -1;
	errno = err;
	return rc;
}

static int is_root(const char *target)
{
	return target[strspn(target, "/")] == 0;
}

/* Executes one record; -1 with errno on failure. */
static int do_record(const struct mount_rec *r)
{
	enum create c = r->options & MOUNT_MKFILE ? CREATE_FILE
			: r->options & MOUNT_MKDIR ? CREATE_DIR : NO_CREATE;
	mode_t mode = r->mode & 07777;
	const char *name;
	int fd, rc = 0, unsupported = 0;

	switch (r->op) {
	case OP_MKNOD:
	case OP_SYMLINK:
		if ((fd = resolve_parent(r->target, &name)) < 0)
			return -1;
		rc = r->op == OP_MKNOD ? mknodat(fd, name, r->mode, (dev_t)r->dev)
				       : symlinkat(r->source, fd, name);
		break;
	case OP_MKDIR:
		if ((fd = resolve(r->target, CREATE_DIR, mode ? mode : 0755)) < 0)
			return -1;
		struct stat st;
		if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
			errno = ENOTDIR, rc = -1;
		break;
	default:
		if ((fd = resolve(r->target, c, mode ? mode : c == CREATE_FILE ? 0644 : 0755)) < 0)
			return -1;
		break;
	}
	const char *tp = fdpath(fd);

	switch (r->op) {
	case OP_MOUNT:
		rc = mount(r->source, tp, r->fstype, r->flags, r->data[0] ? r->data : NULL);
		break;
	case OP_BIND:
		rc = mount(r->source, tp, NULL, MS_BIND | (r->flags & MS_REC), NULL);
		if (rc == 0 && is_root(r->target))
			reopen_root();
		unsigned long f = r->flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
		if (rc == 0 && f)
			rc = bind_remount(r->target, f | (r->flags & (MS_NOATIME | MS_NODIRATIME |
					  MS_RELATIME | MS_STRICTATIME)), 1);
		/* Propagation needs its own call: MS_BIND ignores these bits. */
		f = r->flags & (MS_PRIVATE | MS_SLAVE | MS_SHARED | MS_UNBINDABLE);
		if (rc == 0 && f) {
			int top = resolve(r->target, NO_CREATE, 0);
			rc = top < 0 ? -1 : mount(NULL, fdpath(top), NULL, f | (r->flags & MS_REC), NULL);
			if (top >= 0)
				close(top);
		}
		break;
	case OP_OVERLAY:
		rc = overlay_new_api(r, fd, &unsupported);
		if (rc < 0 && unsupported)
			rc = overlay_legacy(r, fd);
		break;
	case OP_MASK: {
		struct stat st;
		if ((rc = fstat(fd, &st)) == 0)
			rc = S_ISDIR(st.st_mode)
				? mount("tmpfs", tp, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)
				: mount("/dev/null", tp, NULL, MS_BIND, NULL);
		break;
	}
	case OP_READONLY:
		rc = mount(tp, tp, NULL, MS_BIND | MS_REC, NULL);
		if (rc == 0 && is_root(r->target))
			reopen_root();
		if (rc == 0)
			rc = bind_remount(r->target, MS_RDONLY, 1);
		break;
	case OP_REMOUNT: {
		unsigned long f = r->flags | MS_REMOUNT | kept_flags(fd, 0);
		if (r->options & MOUNT_BIND)
			f |= MS_BIND;
		rc = mount(NULL, tp, NULL, f, r->data[0] ? r->data : NULL);
		break;
	}
	}
	int err = errno;
	close(fd);
	if (rc == 0 && (r->op == OP_MOUNT || r->op == OP_OVERLAY) && is_root(r->target))
		reopen_root();
	errno = err;
	return rc;
}

/* A record's label in the launch trace (trace.c): a literal, valid in both halves. */
static const char *trace_label(uint32_t op)
{
	static const char *const labels[] = {
		[OP_MOUNT] = "m-mount", [OP_BIND] = "m-bind", [OP_OVERLAY] = "m-overlay", [OP_MKNOD] = "m-mknod",
		[OP_SYMLINK] = "m-symlink", [OP_MASK] = "m-mask", [OP_READONLY] = "m-readonly", [OP_REMOUNT] = "m-remount",
		[OP_MKDIR] = "m-mkdir",
	};
	return op < sizeof labels / sizeof labels[0] && labels[op] ? labels[op] : "m-other";
}

static void step_name(char *buf, size_t size, const struct mount_rec *r)
{
	static const char *const verbs[] = {
		[OP_MKNOD] = "mknod", [OP_SYMLINK] = "symlink", [OP_MASK] = "mask",
		[OP_READONLY] = "readonly", [OP_REMOUNT] = "remount", [OP_MKDIR] = "mkdir",
	};
	if (r->op == OP_MOUNT)
		snprintf(buf, size, "mount %s on %s", r->fstype[0] ? r->fstype : r->source, r->target);
	else if (r->op == OP_BIND)
		snprintf(buf, size, "bind %s on %s", r->source, r->target);
	else if (r->op == OP_OVERLAY)
		snprintf(buf, size, "mount overlay on %s", r->target);
	else
		snprintf(buf, size, "%s %s", verbs[r->op], r->target);
}

void setup_root(const struct spec *s)
{
	/* Nothing below may propagate back to the host's mount namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail(errno, "make / private");
	g_root = s->root;
	reopen_root();

	/* pivot_root needs the new root to be a mount point. When no record mounts on "/",
	 * bind the root directory on itself first (as runc does). */
	int root_mounted = 0;
	for (size_t i = 0; i < s->nmounts; i++) {
		uint32_t op = s->mounts[i].op;
		if ((op == OP_MOUNT || op == OP_BIND || op == OP_OVERLAY) && is_root(s->mounts[i].target))
			root_mounted = 1;
	}
	if (!root_mounted) {
		if (mount(g_root, g_root, NULL, MS_BIND | MS_REC, NULL) < 0)
			fail(errno, "bind %s on /", g_root);
		reopen_root();
	}

	trace_mark("private");
	for (size_t i = 0; i < s->nmounts; i++) {
		const struct mount_rec *r = &s->mounts[i];
		g_detail[0] = 0;
		if (do_record(r) == 0) {
			trace_mark(trace_label(r->op));
			continue;
		}
		int err = errno;
		if (err == ENOENT && (r->options & MOUNT_OPTIONAL))
			continue;
		char step[3000];
		step_name(step, sizeof step, r);
		fail(err, "%s%s", step, g_detail);
	}

	/* runc's way: no temporary directory for the old root is needed. The old root ends up
	 * stacked on "." and is detached; we made everything private, so nothing propagates. */
	if (fchdir(g_rootfd) < 0)
		fail(errno, "chdir %s", g_root);
	trace_mark("mounts");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		fail(errno, "pivot_root");
	trace_mark("pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		fail(errno, "umount old root");
	trace_mark("umount-old");
	if (chdir("/") < 0)
		fail(errno, "chdir /");
	close(g_rootfd);
	g_rootfd = -1;
}
