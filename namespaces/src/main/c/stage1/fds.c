/*
 * Descriptor hygiene. The helper holds host descriptors (the report and lifeline pipes, the
 * init's pidfd, /proc, /dev/null, cgroup.procs files, log and attach pipes); the child it
 * clones must not carry any of them into a place where a container process could reach them
 * through /proc/<pid>/fd (the CVE-2024-21626 class), so its first act is close_fds_except().
 */
#define _GNU_SOURCE
#include <unistd.h>
#include <sys/syscall.h>

#include "stage1.h"
#include "compat.h"

/* Closes [first, last]; by hand before Linux 5.9 (no close_range), up to a cap. */
static void close_span(unsigned first, unsigned last)
{
	if (first > last || syscall(SYS_close_range, first, last, 0) == 0)
		return;
	/* The helper closed everything >= FIRST_FREE_FD at start and opened a handful since. */
	for (unsigned fd = first; fd <= last && fd < 4096; fd++)
		close((int)fd);
}

void close_fds_except(int keep_a, int keep_b)
{
	unsigned lo = (unsigned)(keep_a < keep_b ? keep_a : keep_b);
	unsigned hi = (unsigned)(keep_a < keep_b ? keep_b : keep_a);
	close_span(3, lo - 1);
	close_span(lo + 1, hi - 1);
	close_span(hi + 1, ~0U);
}
