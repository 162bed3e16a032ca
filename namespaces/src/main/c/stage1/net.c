/*
 * Network set-up the container needs before it runs: only the loopback interface, which a
 * new network namespace starts with down, and joining a network namespace Java prepared
 * (TAG_NETNS). Everything else (veths, addresses) is Java's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stage1.h"

void loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fail(errno, "socket for lo");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		fail(errno, "SIOCGIFFLAGS lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		fail(errno, "SIOCSIFFLAGS lo up");
	close(fd);
}

/* TAG_NETNS: the clone child inherits this network namespace instead of getting a new one. */
void join_netns(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
		fail(errno, "setns net %s", path);
	close(fd);
}
