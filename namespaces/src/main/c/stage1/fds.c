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

void close_fds_except(int keep_a, int keep_b, int keep_c)
{
	/* The kept ones sorted; -1 sorts first and is skipped. */
	int k[3] = {keep_a, keep_b, keep_c};
	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (k[j] < k[i]) {
				int t = k[i];
				k[i] = k[j];
				k[j] = t;
			}
	unsigned from = 3;
	for (int i = 0; i < 3; i++) {
		if (k[i] < 0)
			continue;
		if ((unsigned)k[i] > from)
			close_span(from, (unsigned)k[i] - 1);
		from = (unsigned)k[i] + 1;
	}
	close_span(from, ~0U);
}
