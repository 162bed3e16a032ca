/*
 * TAG_TTY: the command's stdin is a terminal (the slave of a pty the caller holds the master
 * of). The command becomes a session leader and takes the terminal as its controlling terminal,
 * as runc does for a console, so the terminal's line discipline sends it SIGINT on Ctrl-C,
 * SIGWINCH on resize, and SIGHUP when the master closes. Runs in the process that execs the
 * command (under --init, PID 1's child), so the command is the foreground process group.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "stage1.h"
#include "compat.h"

void take_terminal(const struct spec *s)
{
	if (!s->tty)
		return;
	if (setsid() < 0)
		fail(errno, "setsid for the terminal");
	if (ioctl(0, TIOCSCTTY, 0) < 0)
		fail(errno, "ioctl TIOCSCTTY on stdin");
}

/* The console (protocol.h, TAG_CONSOLE): wanted for a Java-held terminal, or by the monitor
 * of a detached container with a terminal, whose output it logs. */
int wants_console(const struct spec *s)
{
	return s->console || (s->tty && s->log_file);
}

/*
 * The descriptor the child sends the master over. With TAG_CONSOLE, Java's socket on
 * CONSOLE_FD; for the monitor's own terminal, one end of a socket pair whose other end it
 * keeps (*monitor_end). -1 when no console is wanted.
 */
int console_socket(const struct spec *s, int *monitor_end)
{
	*monitor_end = -1;
	if (s->console) {
		if (fcntl(CONSOLE_FD, F_SETFD, FD_CLOEXEC) < 0)
			fail(errno, "console: no socket on fd %d", CONSOLE_FD);
		return CONSOLE_FD;
	}
	if (!wants_console(s))
		return -1;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		fail(errno, "console: socketpair");
	*monitor_end = sv[0];
	return sv[1];
}

/* Fails unless fd is on a devpts superblock (the container's /dev/pts). */
static void expect_devpts(int fd, const char *what)
{
	struct statfs sf;
	if (fstatfs(fd, &sf) < 0)
		fail(errno, "console: fstatfs %s", what);
	if (sf.f_type != DEVPTS_SUPER_MAGIC)
		fail(ENOTTY, "console: %s is not on a devpts mount", what);
}

/*
 * In the child, inside the container's mount namespace and root: a new pty of the devpts at
 * /dev/pts. The container is hostile at every moment in join mode (exec), so nothing there is
 * trusted: /dev/pts and its ptmx are opened without following a symlink, both must be on a
 * devpts superblock and ptmx the 5:2 device (a fifo or a file put in its place is refused;
 * O_NONBLOCK keeps even a fifo's open from waiting), and the slave comes from the master
 * itself (TIOCGPTPEER), not from a path. Whatever path the container changed, all it can
 * reach this way is its own mount namespace: the host's devpts is not in it.
 */
static int open_pty(int *slave_out)
{
	int dir = open("/dev/pts", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0)
		fail(errno, "console: open /dev/pts");
	expect_devpts(dir, "/dev/pts");
	int master = openat(dir, "ptmx", O_RDWR | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (master < 0)
		fail(errno, "console: open /dev/pts/ptmx");
	struct stat st;
	if (fstat(master, &st) < 0)
		fail(errno, "console: fstat /dev/pts/ptmx");
	if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 || minor(st.st_rdev) != 2)
		fail(ENOTTY, "console: /dev/pts/ptmx is not the pty multiplexer");
	expect_devpts(master, "/dev/pts/ptmx");
	if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) & ~O_NONBLOCK) < 0)
		fail(errno, "console: fcntl /dev/pts/ptmx");
	int unlock = 0;
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		fail(errno, "console: unlock the pty");
	int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0 && errno == EINVAL) {
		/* Before Linux 4.13: by number, in the directory already checked. */
		unsigned n;
		char name[16];
		if (ioctl(master, TIOCGPTN, &n) < 0)
			fail(errno, "console: TIOCGPTN");
		snprintf(name, sizeof name, "%u", n);
		slave = openat(dir, name, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
		if (slave >= 0)
			expect_devpts(slave, "the pty slave");
	}
	if (slave < 0)
		fail(errno, "console: open the pty slave");
	close(dir);
	*slave_out = slave;
	return master;
}

/* One byte 'T' with the descriptor, as runc's console socket carries it. */
static void send_master(int sock, int master)
{
	char byte = 'T';
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	memset(&u, 0, sizeof u);
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &master, sizeof master);
	ssize_t n;
	while ((n = sendmsg(sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n != 1)
		fail(n < 0 ? errno : EIO, "console: send the master");
}

/*
 * The child's console: the slave becomes stdin, stdout and stderr (take_terminal later makes
 * it the command's controlling terminal), owned by the command's user as runc leaves it (so
 * the user may open /dev/pts/N again, mode 0620), 24x80 until the holder of the master sizes
 * it. The master leaves this process at once: sent, then closed; neither it nor the socket
 * reaches the command (both are close-on-exec and closed here).
 */
void open_console(const struct spec *s, int sock)
{
	int slave;
	int master = open_pty(&slave);
	if (s->has_user && fchown(slave, s->uid, (gid_t)-1) < 0)
		fail(errno, "console: chown the pty slave to %u", s->uid);
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	if (ioctl(slave, TIOCSWINSZ, &ws) < 0)
		fail(errno, "console: TIOCSWINSZ");
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(slave, fd) < 0)
			fail(errno, "console: dup2 the pty slave");
	close(slave);
	send_master(sock, master);
	close(master);
	close(sock);
}

/* The monitor's end: the master the child sent, close-on-exec; fails if none came. */
int receive_console(int sock)
{
	char byte;
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n < 0)
		fail(errno, "console: receive the master");
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (n != 1 || !c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		fail(EIO, "console: no master received");
	int master;
	memcpy(&master, CMSG_DATA(c), sizeof master);
	close(sock);
	return master;
}

/*
 * docker run -dit: the helper's stdin, when Java gave it a pipe, is relayed to the terminal's
 * master, so what is written to the container's stdin reaches the command through the line
 * discipline, as typed input. Both ends non-blocking, and at most one buffer held: the monitor
 * never waits on a command that does not read its input. At the pipe's EOF the relay stops; the
 * terminal stays open (closing a master would hang the command up).
 */
static struct {
	int from, to;
	size_t len, off;
	char buf[4096];
} g_in = {.from = -1, .to = -1};

int terminal_input_source(void)
{
	struct stat st;
	if (fstat(STDIN_FILENO, &st) < 0 || !S_ISFIFO(st.st_mode))
		return -1;
	int from = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, FIRST_FREE_FD);
	if (from < 0)
		fail(errno, "dup stdin for the terminal");
	return from;
}

void terminal_input_init(int from, int master)
{
	if (from < 0)
		return;
	if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK) < 0 ||
	    fcntl(from, F_SETFL, fcntl(from, F_GETFL) | O_NONBLOCK) < 0)
		fail(errno, "fcntl O_NONBLOCK for the terminal's input");
	g_in.from = from;
	g_in.to = master;
}

int terminal_input_read_fd(void)
{
	return g_in.len ? -1 : g_in.from;
}

int terminal_input_write_fd(int master_open)
{
	return g_in.len && master_open ? g_in.to : -1;
}

void terminal_input_ready(short in, short out)
{
	if (in && g_in.from >= 0 && g_in.len == 0) {
		ssize_t n = read(g_in.from, g_in.buf, sizeof g_in.buf);
		if (n > 0) {
			g_in.len = (size_t)n;
			g_in.off = 0;
		} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(g_in.from);
			g_in.from = -1;
		}
	}
	if (out && g_in.len) {
		ssize_t n = write(g_in.to, g_in.buf + g_in.off, g_in.len);
		if (n > 0) {
			g_in.off += (size_t)n;
			g_in.len -= (size_t)n;
		} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
			g_in.len = 0; /* the terminal is gone: the command has ended */
		}
	}
}
