/*
 * The container's output as Docker's json-file log, written by the monitor (the helper's
 * parent half), which lives exactly as long as the container: what conmon does for podman.
 * Each line is {"log":"...","stream":"stdout","time":"<RFC3339, 9 fraction digits>Z"}, cut at
 * newlines and every 16 KiB, as the Java writer (JsonLogLine) cuts and encodes it; bytes that
 * are not UTF-8 also go, exactly, in "log_base64", and "log" carries U+FFFD for them.
 * With TAG_LOG_ROTATE the file is rotated, and a failed write (a full disk) ends writing it,
 * both as protocol.h describes; the pipes are drained either way. With TAG_ATTACH every read is
 * also forwarded to the attach pipes (attach.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stage1.h"

static int g_logfd = -1;
static char g_path[4096];
static char g_marker[4096];
static uint64_t g_max_size; /* 0: never rotated */
static uint32_t g_max_files;
static uint64_t g_size;     /* of the current file: whole records only */
static int g_failed;        /* a write failed: the file is no longer written */

void log_open(const char *path, uint64_t max_size, uint32_t max_files)
{
	if (snprintf(g_path, sizeof g_path, "%s", path) >= (int)sizeof g_path - 16)
		fail(ENAMETOOLONG, "log %s", path);
	g_logfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	struct stat st;
	if (g_logfd < 0 || fstat(g_logfd, &st) < 0)
		fail(errno, "open log %s", path);
	g_size = (uint64_t)st.st_size;
	g_max_size = max_size;
	g_max_files = max_files;
	/* "<log>.writer" names the writing process, so readers know when the log is complete. */
	char tmp[4096 + 8];
	if (snprintf(g_marker, sizeof g_marker, "%s.writer", path) >= (int)sizeof g_marker)
		fail(ENAMETOOLONG, "log marker for %s", path);
	snprintf(tmp, sizeof tmp, "%s.tmp", g_marker);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		fail(errno, "open %s", tmp);
	char pid[24];
	int n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
	if (write_all(fd, pid, (size_t)n) < 0 || close(fd) < 0 || rename(tmp, g_marker) < 0)
		fail(errno, "write %s", g_marker);
}

void log_close(void)
{
	if (g_logfd >= 0) {
		close(g_logfd);
		g_logfd = -1;
		if (!g_failed) {
			unlink(g_marker);
		} else {
			/* The marker keeps the failure for every reader; spaces over the pid (in
			 * place, which a full disk takes) say that nobody writes the log now. */
			char blank[24];
			int n = snprintf(blank, sizeof blank, "%d", (int)getpid());
			memset(blank, ' ', (size_t)n);
			int fd = open(g_marker, O_WRONLY | O_CLOEXEC);
			if (fd >= 0) {
				if (pwrite(fd, blank, (size_t)n, 0) < 0) {
					/* the pid stays; it no longer lives once this monitor exits */
				}
				close(fd);
			}
		}
	}
}

/* "<log>" for 0, "<log>.<n>" otherwise. */
static void generation(char *out, size_t cap, uint32_t n)
{
	if (n == 0)
		snprintf(out, cap, "%s", g_path);
	else
		snprintf(out, cap, "%s.%u", g_path, n);
}

/* Rotates as protocol.h (TAG_LOG_ROTATE) says; -1 with errno set if a step failed. */
static int rotate(void)
{
	char from[4096 + 16], to[4096 + 16];
	if (g_max_files > 1) {
		generation(to, sizeof to, g_max_files - 1);
		if (unlink(to) < 0 && errno != ENOENT)
			return -1;
		for (uint32_t n = g_max_files - 2; n >= 1; n--) {
			generation(from, sizeof from, n);
			generation(to, sizeof to, n + 1);
			if (rename(from, to) < 0 && errno != ENOENT)
				return -1;
		}
		generation(to, sizeof to, 1);
		if (link(g_path, to) < 0 && rename(g_path, to) < 0)
			return -1;
	}
	snprintf(from, sizeof from, "%s.next", g_path);
	int fd = open(from, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	if (rename(from, g_path) < 0) {
		int err = errno;
		close(fd);
		unlink(from);
		errno = err;
		return -1;
	}
	close(g_logfd);
	g_logfd = fd;
	g_size = 0;
	return 0;
}

/*
 * A write failed: cut the file back to its last whole record (freeing needs no space), stop
 * writing it, and say why in the marker, rewritten in place because its block already exists.
 */
static void log_failed(int err)
{
	g_failed = 1;
	if (ftruncate(g_logfd, (off_t)g_size) < 0) {
		/* the torn line stays; readers skip a line they cannot parse */
	}
	char text[4096 + 256];
	int n = snprintf(text, sizeof text, "%d\nfailed: %s: %s\n", (int)getpid(), g_path, strerror(err));
	int fd = open(g_marker, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (pwrite(fd, text, n < (int)sizeof text ? (size_t)n : sizeof text - 1, 0) < 0) {
			/* nowhere else to record it; the log simply ends */
		}
		close(fd);
	}
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Appends to out (room for 6 bytes per input byte plus extra is the caller's). */
static size_t json_escape(char *out, const unsigned char *p, size_t n, int *valid)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	*valid = 1;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(p + i, n - i);
		if (len == 0) {
			*valid = 0;
			memcpy(out + o, "\xef\xbf\xbd", 3); /* U+FFFD */
			o += 3;
			i++;
			continue;
		}
		unsigned char c = p[i];
		if (len > 1) {
			memcpy(out + o, p + i, len);
			o += len;
		} else if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == '\r') {
			out[o++] = '\\';
			out[o++] = 'r';
		} else if (c == '\t') {
			out[o++] = '\\';
			out[o++] = 't';
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(out + o, "\\u00", 4);
			out[o + 4] = hex[c >> 4];
			out[o + 5] = hex[c & 15];
			o += 6;
		} else {
			out[o++] = (char)c;
		}
		i += len;
	}
	return o;
}

static size_t base64(char *out, const unsigned char *p, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? abc[v & 63] : '=';
	}
	return o;
}

/* One record: the bytes of one line (with its newline, if it had one). */
static void write_record(const char *stream, const unsigned char *p, size_t n)
{
	if (g_failed)
		return; /* the output is drained and dropped: the container must not block */
	/* 6 bytes per byte escaped, 4/3 for base64, and the fixed fields. */
	size_t room = n * 6 + n / 3 * 4 + 256;
	char *line = malloc(room);
	if (!line)
		return; /* out of memory: this record is lost, the container goes on */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t o = (size_t)snprintf(line, room, "{\"log\":\"");
	int valid;
	o += json_escape(line + o, p, n, &valid);
	o += (size_t)snprintf(line + o, room - o, "\",\"stream\":\"%s\",\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ\"",
			      stream, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			      ts.tv_nsec);
	if (!valid) {
		o += (size_t)snprintf(line + o, room - o, ",\"log_base64\":\"");
		o += base64(line + o, p, n);
		line[o++] = '"';
	}
	line[o++] = '}';
	line[o++] = '\n';
	if (g_max_size && g_size > 0 && g_size + o > g_max_size && rotate() < 0)
		log_failed(errno);
	/* O_APPEND and one write per record: readers never see two records interleaved. */
	else if (write_all(g_logfd, line, o) < 0)
		log_failed(errno);
	else
		g_size += o;
	free(line);
}

void log_stream_init(struct log_stream *ls, int fd, const char *name)
{
	ls->fd = fd;
	ls->name = name;
	ls->used = 0;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Emits every complete line held, and the rest too when it fills the buffer or at EOF. */
static void emit(struct log_stream *ls, int at_eof)
{
	size_t start = 0;
	for (size_t i = 0; i < ls->used; i++)
		if (ls->buf[i] == '\n') {
			write_record(ls->name, (unsigned char *)ls->buf + start, i + 1 - start);
			start = i + 1;
		}
	if (start < ls->used && (at_eof || (start == 0 && ls->used == sizeof ls->buf))) {
		write_record(ls->name, (unsigned char *)ls->buf + start, ls->used - start);
		start = ls->used;
	}
	memmove(ls->buf, ls->buf + start, ls->used - start);
	ls->used -= start;
}

void log_stream_read(struct log_stream *ls)
{
	/* While an attached reader has not taken the last read, the stream waits for it. */
	while (ls->fd >= 0 && !attach_holds(ls)) {
		ssize_t n = read(ls->fd, ls->buf + ls->used, sizeof ls->buf - ls->used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			emit(ls, 1);
			close(ls->fd);
			ls->fd = -1;
			attach_at_eof(ls);
			return;
		}
		/* The reader gets the bytes as read, before (and whatever becomes of) the log. */
		attach_forward(ls, ls->buf + ls->used, (size_t)n);
		ls->used += (size_t)n;
		emit(ls, 0);
	}
}

void write_exit_file(const char *path, const char *line)
{
	char tmp[4096 + 8];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return; /* nothing to tell it with; the report still says how it ended */
	int ok = write_all(fd, line, strlen(line)) == 0;
	fsync(fd);
	close(fd);
	if (ok)
		rename(tmp, path);
	else
		unlink(tmp);
}
