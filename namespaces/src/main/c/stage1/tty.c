/*
 * TAG_TTY: the command's stdin is a terminal (the slave of a pty the caller holds the master
 * of). The command becomes a session leader and takes the terminal as its controlling terminal,
 * as runc does for a console, so the terminal's line discipline sends it SIGINT on Ctrl-C,
 * SIGWINCH on resize, and SIGHUP when the master closes. Runs in the process that execs the
 * command (under --init, PID 1's child), so the command is the foreground process group.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/ioctl.h>
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
