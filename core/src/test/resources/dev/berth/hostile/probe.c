/*
 * Hostile-workload probe: makes one system call that busybox cannot make and prints its outcome
 * as "NAME: ok" (exit 0) or "NAME: ERRNO_NAME (strerror)" (exit 1). Compiled static at test time
 * by HostileProbe and run inside a container; it attacks nothing by itself when the call fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <netinet/in.h>

static const char *errno_name(int e) {
    switch (e) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ENOSYS: return "ENOSYS";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case EROFS: return "EROFS";
    case ENOEXEC: return "ENOEXEC";
    case EFAULT: return "EFAULT";
    case ENOKEY: return "ENOKEY";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case ENXIO: return "ENXIO";
    case ENODEV: return "ENODEV";
    default: return "E?";
    }
}

static int outcome(const char *name, long rc) {
    if (rc >= 0) {
        printf("%s: ok\n", name);
        return 0;
    }
    int e = errno;
    printf("%s: %s (%s)\n", name, errno_name(e), strerror(e));
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: probe keyctl|add_key|bpf|raw_socket|packet_socket|init_module|finit_module|mount|unshare_user|mknod_disk MAJOR MINOR|open PATH|ids\n");
        return 2;
    }
    const char *what = argv[1];
    if (!strcmp(what, "keyctl")) {
        /* KEYCTL_GET_KEYRING_ID (0) of KEY_SPEC_SESSION_KEYRING (-3), creating it (1) */
        return outcome(what, syscall(SYS_keyctl, 0, -3, 1));
    }
    if (!strcmp(what, "add_key")) {
        return outcome(what, syscall(SYS_add_key, "user", "berth-hostile", "x", 1, -3));
    }
    if (!strcmp(what, "bpf")) {
        /* BPF_MAP_CREATE (0) of a BPF_MAP_TYPE_ARRAY (2): map_type, key_size, value_size,
           max_entries are the first four words of union bpf_attr (musl has no linux/bpf.h) */
        unsigned int attr[32];
        memset(attr, 0, sizeof attr);
        attr[0] = 2;
        attr[1] = 4;
        attr[2] = 4;
        attr[3] = 1;
        return outcome(what, syscall(SYS_bpf, 0, attr, sizeof attr));
    }
    if (!strcmp(what, "raw_socket")) {
        return outcome(what, socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
    }
    if (!strcmp(what, "packet_socket")) {
        return outcome(what, socket(AF_PACKET, SOCK_RAW, 0));
    }
    if (!strcmp(what, "init_module")) {
        static char image[64] = "\177ELF not a module";
        return outcome(what, syscall(SYS_init_module, image, sizeof image, ""));
    }
    if (!strcmp(what, "finit_module")) {
        int fd = open("/bin/busybox", O_RDONLY | O_CLOEXEC);
        return outcome(what, syscall(SYS_finit_module, fd, "", 0));
    }
    if (!strcmp(what, "mount")) {
        return outcome(what, mount(argc > 2 ? argv[2] : "berth-hostile", "/mnt", "tmpfs", 0, NULL));
    }
    if (!strcmp(what, "unshare_user")) {
        return outcome(what, unshare(CLONE_NEWUSER));
    }
    if (!strcmp(what, "mknod_disk") && argc == 4) {
        int major = atoi(argv[2]), minor = atoi(argv[3]);
        return outcome(what, mknod("/tmp/berth-disk", S_IFBLK | 0600, makedev(major, minor)));
    }
    if (!strcmp(what, "ids")) {
        printf("uid=%d euid=%d\n", (int)getuid(), (int)geteuid());
        return 0;
    }
    if (!strcmp(what, "open") && argc == 3) {
        return outcome(what, open(argv[2], O_RDONLY));
    }
    fprintf(stderr, "probe: unknown attempt %s\n", what);
    return 2;
}
