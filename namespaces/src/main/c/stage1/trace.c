/*
 * Opt-in timestamps of the launch (BERTH_STAGE1_TRACE=1 in the helper's environment, which
 * Java sets with -Dberth.launch.trace=true): CLOCK_MONOTONIC, the clock of Java's
 * System.nanoTime, at each step of both halves. The marks live in one shared anonymous page
 * made before the clone, so the child's marks (up to the instant before its execve, which
 * drops the page) are seen by the parent, which reports them all in one "T" line before "S",
 * and the marks of the end (the reap) in a second "T" line before "X".
 * Off, each mark costs one test of a NULL pointer.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "stage1.h"

#define TRACE_MAX 96

struct trace_page {
	int n;
	struct {
		const char *label; /* a string literal: same address in the forked child */
		long long ns;
	} marks[TRACE_MAX];
};

static struct trace_page *g_trace;

void trace_init(void)
{
	const char *on = getenv("BERTH_STAGE1_TRACE");
	if (!on || strcmp(on, "1"))
		return;
	void *p = mmap(NULL, sizeof *g_trace, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		g_trace = p;
}

void trace_mark(const char *label)
{
	if (!g_trace)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int i = __atomic_fetch_add(&g_trace->n, 1, __ATOMIC_RELAXED);
	if (i < TRACE_MAX) {
		g_trace->marks[i].label = label;
		g_trace->marks[i].ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
}

void trace_report(void)
{
	if (!g_trace)
		return;
	char line[4000] = "T"; /* report() takes up to 4095 bytes */
	size_t len = 1;
	int n = g_trace->n < TRACE_MAX ? g_trace->n : TRACE_MAX;
	for (int i = 0; i < n && len < sizeof line; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, " %s=%lld", g_trace->marks[i].label,
					g_trace->marks[i].ns);
	report("%s", line);
	/* The next report (at the end, before "X") has only the marks made after this one. */
	__atomic_store_n(&g_trace->n, 0, __ATOMIC_RELAXED);
}
