/*
 * berth-stage1: the native stage-1 launcher. Java computes a spec (protocol.h), starts this
 * helper with posix_spawn and reads its report lines. The helper:
 *   1. reads and validates the spec,
 *   2. (join mode) setns into an existing container,
 *   3. clones the child into new namespaces, writes its id maps and cgroup.procs, (network
 *      gate) lets Java attach a user-mode network, releases it,
 *   4. reports "S <pid> <pidfd>" once the child has exec'd, or "E <errno> <step>",
 *   5. stays as the child's parent until it exits, then reports "X ...".
 * The child half is in child.c. The helper needs to be single-threaded (setns into a user
 * namespace, unshare of a time namespace), which is why it is not Java.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

static int fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* Closes everything Java's spawn left open beyond the protocol's descriptors. */
static void close_from(int first)
{
	if (syscall(SYS_close_range, first, ~0U, 0) == 0)
		return;
	/* Before 5.9: close by hand up to the soft limit (capped; the JVM raises it). */
	long max = sysconf(_SC_OPEN_MAX);
	for (long fd = first; fd < (max > 65536 || max < 0 ? 65536 : max); fd++)
		close((int)fd);
}

static unsigned char *read_spec(size_t *len)
{
	size_t cap = 65536, n = 0;
	unsigned char *buf = malloc(cap);
	for (;;) {
		if (!buf)
			fail(ENOMEM, "read spec");
		if (n == cap) {
			if (cap > SPEC_MAX_BYTES)
				fail(EINVAL, "spec: larger than %u bytes", SPEC_MAX_BYTES);
			cap = cap * 2 > SPEC_MAX_BYTES ? SPEC_MAX_BYTES + 1 : cap * 2;
			buf = realloc(buf, cap);
		}
		ssize_t r = read(SPEC_FD, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			fail(errno, "read spec");
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(SPEC_FD);
	*len = n;
	return buf;
}

static size_t read_to_eof(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	return n;
}

/* Writes value to /proc/<pid>/<file> through the /proc opened before any setns. */
static void write_proc(int procfd, pid_t pid, const char *file, const char *value)
{
	char path[64];
	snprintf(path, sizeof path, "%d/%s", pid, file);
	int fd = openat(procfd, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write_all(fd, value, strlen(value)) < 0)
		fail(errno, "write /proc/%s", path);
	close(fd);
}

/*
 * clone3 with CLONE_PIDFD and fork semantics (no CLONE_VM: the child gets a copy of this
 * small static process, which is safe; the JVM is never forked). Falls back to the legacy
 * clone syscall where clone3 is missing or filtered (ENOSYS, e.g. older container seccomp
 * profiles). Legacy clone cannot take CLONE_NEWTIME (its bit is the exit-signal field), so
 * the time namespace is unshared first and the child inherits it.
 */
static pid_t spawn_child(uint64_t ns, int *pidfd)
{
	*pidfd = -1;
	struct berth_clone_args ca = {
		.flags = ns | CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};
	long pid = syscall(SYS_clone3, &ca, sizeof ca);
	if (pid >= 0 || errno != ENOSYS)
		return (pid_t)pid;
	if ((ns & CLONE_NEWTIME) && unshare(CLONE_NEWTIME) < 0)
		fail(errno, "unshare time");
	ns &= ~(uint64_t)CLONE_NEWTIME;
	/* parent_tid is the third argument on x86_64 and aarch64; CLONE_PIDFD stores there. */
	pid = syscall(SYS_clone, (unsigned long)ns | CLONE_PIDFD | SIGCHLD, 0, pidfd, 0, 0);
	if (pid >= 0 || errno != EINVAL)
		return (pid_t)pid;
	/* QEMU's user-mode emulation (7.2, which runs this helper for another architecture)
	 * has no clone3 and refuses CLONE_PIDFD: clone, then open the pidfd. The pid cannot be
	 * reused in between, as only this process can reap the child. */
	pid = syscall(SYS_clone, (unsigned long)ns | SIGCHLD, 0, 0, 0, 0);
	if (pid > 0 && (*pidfd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0) {
		int e = errno;
		kill(pid, SIGKILL);
		fail(e, "pidfd_open");
	}
	return (pid_t)pid;
}

/* With TAG_LOG_FILE: the container's stdout and stderr, which this monitor writes to the log. */
static struct log_stream g_out, g_err;
static const char *g_exit_file;
static int g_terminal_input = -1;

/* Reaps the child, takes the output still in its pipes, and reports how it ended. */
static noreturn void reap_and_report(int pidfd)
{
	siginfo_t si = {0};
	while (syscall(SYS_waitid, BERTH_P_PIDFD, pidfd, &si, WEXITED, NULL) < 0)
		if (errno != EINTR)
			fail(errno, "waitid");
	trace_mark("waited");
	/* The pid namespace's processes die with its PID 1, so the pipes are at or near EOF;
	 * what is in them now is read, nothing is waited for. An attached reader takes the rest
	 * (or leaves) before the exit is told: it has every byte when it sees EOF. */
	attach_finish(&g_out);
	attach_finish(&g_err);
	log_stream_read(&g_out);
	log_stream_read(&g_err);
	attach_close(&g_out);
	attach_close(&g_err);
	log_close();
	char line[64];
	snprintf(line, sizeof line, si.si_code == CLD_EXITED ? "exit %d\n" : "signal %d\n", si.si_status);
	if (g_exit_file)
		write_exit_file(g_exit_file, line);
	line[strlen(line) - 1] = 0;
	trace_report(); /* the end's marks, before "X" */
	report("X %s", line);
	exit(0);
}

/*
 * Waits for the child to exit. With die-with-parent, the lifeline pipe's write end lives
 * only in the JVM: EOF/POLLHUP on it means the JVM is gone and the container is killed.
 */
static noreturn void monitor(int pidfd, int lifeline)
{
	for (;;) {
		/* A negative fd is skipped by poll: lifeline, log and attach pipes are there only when
		 * used. A stream whose attached reader has not taken the last read is not read (its
		 * attach pipe is watched for room instead); an idle attach pipe is watched with no
		 * events, for POLLERR: its reader has left. */
		struct pollfd p[8] = {{.fd = pidfd, .events = POLLIN}, {.fd = lifeline, .events = POLLIN},
				      {.fd = attach_holds(&g_out) ? -1 : g_out.fd, .events = POLLIN},
				      {.fd = attach_holds(&g_err) ? -1 : g_err.fd, .events = POLLIN},
				      {.fd = g_out.attach, .events = attach_holds(&g_out) ? POLLOUT : 0},
				      {.fd = g_err.attach, .events = attach_holds(&g_err) ? POLLOUT : 0},
				      {.fd = terminal_input_read_fd(), .events = POLLIN},
				      {.fd = terminal_input_write_fd(g_out.fd >= 0), .events = POLLOUT}};
		if (poll(p, 8, -1) < 0) {
			if (errno == EINTR)
				continue;
			fail(errno, "poll");
		}
		if (p[4].revents)
			attach_ready(&g_out, p[4].revents);
		if (p[5].revents)
			attach_ready(&g_err, p[5].revents);
		if (p[6].revents || p[7].revents)
			terminal_input_ready(p[6].revents, p[7].revents);
		if (p[2].revents)
			log_stream_read(&g_out);
		if (p[3].revents)
			log_stream_read(&g_err);
		if (p[0].revents)
			reap_and_report(pidfd);
		if (lifeline >= 0 && p[1].revents) {
			char buf[64];
			if ((p[1].revents & POLLIN) && read(lifeline, buf, sizeof buf) > 0)
				continue; /* data is not part of the protocol; only EOF counts */
			syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
			reap_and_report(pidfd);
		}
	}
}

/*
 * TAG_NETWORK_GATE: Java starts slirp4netns on the child's network namespace when it reads
 * "N <pid>", and writes 'G' once tap0 is configured; the child is still held at gate 2, so
 * not one instruction of the command runs without its network.
 */
static void await_network_gate(pid_t pid)
{
	report("N %d", pid);
	char g = 0;
	ssize_t r;
	do
		r = read(GATE_FD, &g, 1);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		fail(errno, "network gate: read");
	if (r == 0 || g != 'G')
		fail(ECANCELED, "network gate: closed by Java");
}

/* Which of the protocol's optional descriptors Java passed. */
struct given_fds {
	int lifeline, join;
};

/*
 * Descriptor hygiene, before anything else: the helper non-dumpable, everything beyond the
 * protocol's descriptors closed, holes filled, its own session.
 */
static struct given_fds take_descriptors(void)
{
	/* Non-dumpable from the first instruction: the mm flags are copied by clone, so the child
	 * is non-dumpable from its creation until its execve (which decides afresh, as for any
	 * program). /proc/<pid>/fd, cwd, root, mem and ptrace of a non-dumpable process need
	 * CAP_SYS_PTRACE in the user namespace its memory belongs to, the host's, which no
	 * container process has: an exec's child, born inside the container's pid namespace with
	 * the helper's descriptors, cannot be reached before it has closed them. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		fail(errno, "prctl PR_SET_DUMPABLE 0");
	/* Descriptors first: anything beyond the protocol's is closed, and holes below
	 * FIRST_FREE_FD are filled with /dev/null so that no descriptor we open later lands on
	 * a protocol number (0-2 would be replaced after clone, 5 would look like a lifeline). */
	close_from(FIRST_FREE_FD);
	int have_report = fd_is_open(REPORT_FD);
	struct given_fds given = {.lifeline = fd_is_open(LIFELINE_FD), .join = fd_is_open(JOIN_FD)};
	/* Held until exit, but not by the container: its execve drops it. */
	fcntl(HOLD_FD, F_SETFD, FD_CLOEXEC);
	if (!have_report) /* run by hand: report lines go to stderr */
		dup2(STDERR_FILENO, REPORT_FD);
	for (int fd = 0; fd < FIRST_FREE_FD; fd++)
		if (!fd_is_open(fd)) {
			int n = open("/dev/null", O_RDWR);
			if (n >= 0 && n != fd) {
				dup2(n, fd);
				close(n);
			}
		}
	signal(SIGPIPE, SIG_IGN);        /* a vanished Java must not kill the monitor */
	setsid();                        /* own session: the JVM's terminal signals stay there */
	return given;
}

static void load_spec(struct spec *spec)
{
	size_t len;
	unsigned char *buf = read_spec(&len);
	parse_spec(spec, buf, len);
	free(buf);
}

/* The lifeline is watched only with die-with-parent; -1 when it is not. */
static int keep_lifeline(const struct spec *spec, int given)
{
	int lifeline = spec->die_with_parent && given ? LIFELINE_FD : -1;
	if (lifeline < 0)
		close(LIFELINE_FD);
	return lifeline;
}

/* TAG_LOG_FILE, TAG_ATTACH: the container's output goes through this monitor. */
static void route_output(const struct spec *spec)
{
	g_out.fd = g_err.fd = g_out.attach = g_err.attach = -1;
	g_exit_file = spec->exit_file;
	if (spec->attach) {
		/* Java's 1 and 2 are the attach pipes; moved aside before the log's replace them. */
		attach_init(&g_out, STDOUT_FILENO);
		attach_init(&g_err, STDERR_FILENO);
	}
	if (spec->log_file && spec->tty) {
		/* docker run -dt: the child opens a pty in the container's devpts and sends this
		 * monitor its master (take_console), whose output is the log's stdout. */
		log_open(spec->log_file, spec->log_max_size, spec->log_max_files);
		g_terminal_input = terminal_input_source(); /* Java's stdin pipe, relayed to the master */
	} else if (spec->log_file) {
		/* The child gets the pipes' write ends as stdout and stderr; their read ends are
		 * close-on-exec, and an init child closes every descriptor. */
		int outp[2], errp2[2];
		if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp2, O_CLOEXEC) < 0)
			fail(errno, "pipe for the log");
		if (dup2(outp[1], STDOUT_FILENO) < 0 || dup2(errp2[1], STDERR_FILENO) < 0)
			fail(errno, "dup2 for the log");
		close(outp[1]);
		close(errp2[1]);
		log_open(spec->log_file, spec->log_max_size, spec->log_max_files);
		log_stream_init(&g_out, outp[0], "stdout");
		log_stream_init(&g_err, errp2[0], "stderr");
	}
	attach_at_eof(&g_err); /* a terminal has no stderr: its reader gets EOF now */
}

/* docker run -dt: the master of the console the child opened, logged as its stdout. */
static void take_console(int sock)
{
	if (sock < 0)
		return;
	int master = receive_console(sock);
	terminal_input_init(g_terminal_input, master);
	log_stream_init(&g_out, master, "stdout");
}

/* Host files this half uses after the clone. */
struct host_files {
	int devnull; /* the parent's stdio once the container owns its own */
	int procfd;  /* the host's /proc, only where this half writes id maps itself; else -1 */
	int *cgfds;  /* an open TAG_CGROUP_PROCS file each */
};

/* An open TAG_CGROUP_PROCS file each, in cgfds. */
static void open_cgroup_procs(const struct spec *spec, int *cgfds)
{
	for (size_t i = 0; i < spec->ncgroup_procs; i++)
		if ((cgfds[i] = open(spec->cgroup_procs[i], O_WRONLY | O_CLOEXEC)) < 0)
			fail(errno, "open %s", spec->cgroup_procs[i]);
}

/*
 * TAG_CGROUP_GATE: Java has been making the groups since it spawned this helper; it writes 'C'
 * once they exist. Their files are opened only then (no setns happened: the gate excludes
 * join mode, and a TAG_NETNS setns changes no path). EOF: Java could not make them; fail()
 * kills the child.
 */
static void await_cgroup_gate(const struct spec *spec, int *cgfds)
{
	char c = 0;
	ssize_t r;
	do
		r = read(GATE_FD, &c, 1);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		fail(errno, "cgroup gate: read");
	if (r == 0 || c != 'C')
		fail(ECANCELED, "cgroup gate: closed by Java");
	trace_mark("cgroup-gate");
	open_cgroup_procs(spec, cgfds);
}

/*
 * Opened before setns, which may change this process's root, /proc and credentials. The host's
 * /proc only where this half writes id maps itself (never in join mode): the less the helper
 * holds, the less a mistake could leak.
 */
static struct host_files open_host_files(const struct spec *spec)
{
	struct host_files host = {.devnull = open("/dev/null", O_RDWR | O_CLOEXEC), .procfd = -1};
	if (host.devnull < 0)
		fail(errno, "open /dev/null");
	if (spec->setgroups || (spec->uid_map && !spec->uid_map_program) || (spec->gid_map && !spec->gid_map_program)) {
		host.procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (host.procfd < 0)
			fail(errno, "open /proc");
	}
	host.cgfds = calloc(spec->ncgroup_procs + 1, sizeof *host.cgfds);
	if (!host.cgfds)
		fail(ENOMEM, "open cgroup.procs");
	if (!spec->cgroup_gate)
		open_cgroup_procs(spec, host.cgfds);
	return host;
}

/* TAG_NETNS, TAG_JOIN: into namespaces that exist already, before the clone. */
static void join_existing(const struct spec *spec, int have_join)
{
	if (spec->netns)
		join_netns(spec->netns);
	if (spec->has_join)
		join_namespaces(spec, have_join);
	close(JOIN_FD); /* the container's init: not to be held a moment longer than the setns */
}

/* The cloned child, seen from this half. */
struct child {
	pid_t pid;
	int pidfd;
	int syncfd; /* write end of the gate pipe */
	int errfd;  /* read end of the child's close-on-exec error pipe */
};

/* Clones the child, which runs run_child(); this half then hands it its stdio. */
static struct child spawn(const struct spec *spec, int devnull, int consolefd)
{
	int syncp[2], errp[2];
	if (pipe2(syncp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0)
		fail(errno, "pipe");
	pid_t self = getpid();
	struct child child = {.syncfd = syncp[1], .errfd = errp[0]};
	/* A new user namespace's maps are written into /proc/<child>/ by this half or by the setuid
	 * newuidmap, and a network gate's slirp4netns joins /proc/<child>/ns/...: all need the child
	 * dumpable (a non-dumpable process's /proc files belong to root, and ns/ needs ptrace
	 * access; newuidmap refuses a target that is not the caller's). Such a child is PID 1 of a
	 * new pid namespace, where no other process exists yet, and it makes itself non-dumpable
	 * again at gate 2, before any code of the container runs; this half right after the clone. */
	int dumpable_for_maps = !spec->has_join && (spec->uid_map || spec->gid_map || spec->setgroups);
	if (dumpable_for_maps && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		fail(errno, "prctl PR_SET_DUMPABLE 1 for the id maps");
	/* The cgroup namespace is unshared by the child after the release, i.e. after the
	 * cgroup.procs writes, so that its root is the container's cgroup (as runc does). */
	child.pid = spawn_child(spec->namespaces & ~(uint64_t)CLONE_NEWCGROUP, &child.pidfd);
	if (child.pid < 0)
		fail(errno, "clone");
	if (child.pid == 0) {
		close(syncp[1]);
		close(errp[0]);
		run_child(spec, self, syncp[0], errp[1], consolefd);
	}
	if (consolefd >= 0)
		close(consolefd); /* the child's: its EOF tells a receiver that no master comes */
	g_child_pid = child.pid;
	g_child_pidfd = child.pidfd;
	if (dumpable_for_maps)
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	close(syncp[0]);
	close(errp[1]);
	/* The container owns its stdio now. Holding it here would hide EOF on its stdout from
	 * Java after it exits. */
	for (int fd = 0; fd <= 2; fd++)
		dup2(devnull, fd);
	close(devnull);
	return child;
}

/* setgroups, uid_map, gid_map of a new user namespace: written here or by newuidmap/newgidmap. */
static void write_id_maps(const struct spec *spec, pid_t pid, int procfd)
{
	if (spec->setgroups)
		write_proc(procfd, pid, "setgroups", spec->setgroups);
	if (spec->uid_map_program)
		run_map_program(spec->uid_map_program, pid, spec->uid_map);
	else if (spec->uid_map)
		write_proc(procfd, pid, "uid_map", spec->uid_map);
	if (spec->gid_map_program)
		run_map_program(spec->gid_map_program, pid, spec->gid_map);
	else if (spec->gid_map)
		write_proc(procfd, pid, "gid_map", spec->gid_map);
	if (procfd >= 0)
		close(procfd);
}

/*
 * Two gates. "R" lets the child build its root while this half moves it into its cgroups: on
 * cgroup v1 the first cgroup.procs write waits for an RCU grace period (~2 ms here), which
 * would otherwise come on top of the mounts. "C" comes after the cgroup.procs writes (and the
 * network gate); the child waits for it before it unshares its cgroup namespace and runs any
 * of the container's code.
 */
static void open_gates(const struct spec *spec, const struct child *child, int *cgfds)
{
	if (write_all(child->syncfd, "R", 1) < 0)
		fail(errno, "release child");
	if (spec->cgroup_gate)
		await_cgroup_gate(spec, cgfds);
	char pidstr[16];
	snprintf(pidstr, sizeof pidstr, "%d", child->pid);
	int child_gone = 0;
	for (size_t i = 0; i < spec->ncgroup_procs && !child_gone; i++) {
		if (write_all(cgfds[i], pidstr, strlen(pidstr)) < 0) {
			/* ESRCH: the child failed its setup and exited; its error says why. */
			if (errno != ESRCH)
				fail(errno, "write %s", spec->cgroup_procs[i]);
			child_gone = 1;
		}
		close(cgfds[i]);
	}
	trace_mark("cgroup-joined");
	if (spec->network_gate && !child_gone)
		await_network_gate(child->pid);
	close(GATE_FD);
	if (!child_gone && write_all(child->syncfd, "C", 1) < 0 && errno != EPIPE)
		fail(errno, "release child");
	trace_mark("released");
	close(child->syncfd);
}

/* EOF without data: the child's execve closed the pipe. Otherwise "<errno> <step>", failed here. */
static void forward_child_error(int errfd)
{
	char msg[4096];
	size_t n = read_to_eof(errfd, msg, sizeof msg - 1);
	close(errfd);
	if (n > 0) {
		msg[n] = 0;
		char *step;
		long err = strtol(msg, &step, 10);
		if (step == msg || *step != ' ')
			fail(EIO, "child setup: %s", msg);
		fail((int)err, "%s", step + 1);
	}
}

int main(void)
{
	trace_init();
	trace_mark("helper");
	struct given_fds given = take_descriptors();
	trace_mark("descriptors");
	struct spec spec;
	load_spec(&spec);
	trace_mark("spec");
	int lifeline = keep_lifeline(&spec, given.lifeline);
	route_output(&spec);
	struct host_files host = open_host_files(&spec);
	int monitor_console;
	int consolefd = console_socket(&spec, &monitor_console);
	join_existing(&spec, given.join);
	trace_mark("files");
	struct child child = spawn(&spec, host.devnull, consolefd);
	trace_mark("cloned");
	write_id_maps(&spec, child.pid, host.procfd);
	open_gates(&spec, &child, host.cgfds);
	forward_child_error(child.errfd);
	trace_mark("exec-seen");
	take_console(monitor_console);
	trace_report();
	report("S %d %d", child.pid, child.pidfd);
	monitor(child.pidfd, lifeline);
}
