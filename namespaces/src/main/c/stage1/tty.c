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
