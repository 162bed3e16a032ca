/*
 * TAG_ATTACH: the monitor forwards the container's output, as it reads it, to attach pipes
 * that a JVM reads, besides writing the log (protocol.h). While the container runs the writes
 * never block the monitor: what the reader has not taken yet is held here (one read's worth at
 * most) and the stream is not read again until it is taken. So a slow reader holds the container
 * back, as Docker's attach does, and output is neither dropped nor buffered without bound. A
 * reader that leaves (EPIPE, POLLERR) ends the forwarding of its stream; the log goes on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "stage1.h"

void attach_init(struct log_stream *ls, int fd)
{
	ls->held = ls->off = 0;
	/* Above the protocol's numbers, close-on-exec, and closed by the child at once (fds.c). */
	ls->attach = fcntl(fd, F_DUPFD_CLOEXEC, FIRST_FREE_FD);
	if (ls->attach < 0)
		fail(errno, "dup attach pipe %d", fd);
	/* Java closed its copy of this write end after the spawn: the flag affects only us. */
	if (fcntl(ls->attach, F_SETFL, fcntl(ls->attach, F_GETFL) | O_NONBLOCK) < 0)
		fail(errno, "fcntl O_NONBLOCK on attach pipe %d", fd);
}

void attach_close(struct log_stream *ls)
{
	if (ls->attach >= 0)
		close(ls->attach);
	ls->attach = -1;
	ls->held = ls->off = 0;
}

void attach_at_eof(struct log_stream *ls)
{
	if (ls->fd < 0 && ls->held == 0)
		attach_close(ls); /* the reader sees EOF where the container closed its stream */
}

int attach_holds(const struct log_stream *ls)
{
	return ls->attach >= 0 && ls->held > 0;
}

/* Writes what is held, as far as the pipe takes it. */
static void push(struct log_stream *ls)
{
	while (ls->held > 0) {
		ssize_t n = write(ls->attach, ls->out + ls->off, ls->held);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return; /* poll says when the reader has taken some */
		if (n <= 0) {
			attach_close(ls); /* EPIPE: the reader has gone; the container goes on */
			return;
		}
		ls->off += (size_t)n;
		ls->held -= (size_t)n;
	}
	ls->off = 0;
	attach_at_eof(ls);
}

void attach_forward(struct log_stream *ls, const char *p, size_t n)
{
	if (ls->attach < 0 || n == 0)
		return;
	/* The caller reads only when nothing is held, at most sizeof ls->out at a time. */
	memcpy(ls->out, p, n);
	ls->held = n;
	ls->off = 0;
	push(ls);
}

void attach_ready(struct log_stream *ls, short revents)
{
	if (ls->attach < 0)
		return;
	if (revents & (POLLERR | POLLHUP | POLLNVAL))
		attach_close(ls); /* the read end is closed: the reader left */
	else if (revents & POLLOUT)
		push(ls);
}

void attach_finish(struct log_stream *ls)
{
	if (ls->attach < 0)
		return;
	/* The container has ended: the reader gets the last bytes (or leaves) before the exit. */
	if (fcntl(ls->attach, F_SETFL, fcntl(ls->attach, F_GETFL) & ~O_NONBLOCK) < 0) {
		attach_close(ls);
		return;
	}
	push(ls);
}
