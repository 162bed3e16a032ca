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
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "stage1.h"

void take_terminal(const struct spec *s)
{
	if (!s->tty)
		return;
	if (setsid() < 0)
		fail(errno, "setsid for the terminal");
	if (ioctl(0, TIOCSCTTY, 0) < 0)
		fail(errno, "ioctl TIOCSCTTY on stdin");
}

/*
 * TAG_TTY with TAG_LOG_FILE (a detached container with a terminal): opens a pty, makes its
 * slave this process's stdin, stdout and stderr (the child inherits them and takes the
 * terminal in take_terminal), and returns the master, close-on-exec, for the log. 24x80
 * until someone resizes it, as a terminal without a window starts.
 */
int open_log_terminal(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		fail(errno, "open /dev/ptmx for the terminal");
	if (grantpt(master) < 0 || unlockpt(master) < 0)
		fail(errno, "unlock the terminal");
	char name[64];
	if (ptsname_r(master, name, sizeof name) != 0)
		fail(errno, "ptsname");
	int slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0)
		fail(errno, "open %s", name);
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	if (ioctl(slave, TIOCSWINSZ, &ws) < 0)
		fail(errno, "ioctl TIOCSWINSZ on %s", name);
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(slave, fd) < 0)
			fail(errno, "dup2 the terminal");
	if (slave > 2)
		close(slave);
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
