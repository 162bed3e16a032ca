/*
 * Seccomp probe for SeccompLaunchTest: calls each named system call with harmless arguments
 * and prints "name errno" (0 when it succeeded). busybox has no keyctl, bpf or ptrace applet.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long call(const char *name)
{
	if (!strcmp(name, "keyctl"))
		return syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0);
	if (!strcmp(name, "bpf"))
		return syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, NULL, 0);
	if (!strcmp(name, "ptrace"))
		return syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0);
	if (!strcmp(name, "getpid"))
		return syscall(SYS_getpid);
	if (!strcmp(name, "clone3"))
		return syscall(SYS_clone3, NULL, 0);
	if (!strcmp(name, "personality"))
		return syscall(SYS_personality, 0x0040000 /* ADDR_NO_RANDOMIZE */);
	errno = EINVAL;
	return -1;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		errno = 0;
		long r = call(argv[i]);
		printf("%s %d\n", argv[i], r < 0 ? errno : 0);
	}
	return 0;
}
