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
#include <dirent.h>
#include <time.h>
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


static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

#define MAX_PIDS 65536

/*
 * fdwatch STOPFILE SECONDS PATH...: the CVE-2024-21626 attack on exec. Watches /proc for
 * processes that appear after it started (an exec's setup child among them) and, for each,
 * keeps trying to open every /proc/PID/fd/N (and cwd and root) with O_PATH until the process
 * is gone; only opens, never reads or writes through what it gets. Prints "reached PID NAME ->
 * LINK [dir] [sees PATH]" for every descriptor it got, where "sees PATH" means the relative PATH
 * resolves under that descriptor (e.g. "<host pid>/status" under a host /proc). Stops when
 * STOPFILE exists or after SECONDS, printing "fdwatch: N new processes, M refused, K reached"
 * (refused: a process whose descriptors were refused at least once, EACCES or EPERM).
 */
static int fdwatch(int argc, char **argv) {
    const char *stop = argv[2];
    double end = now() + atof(argv[3]);
    static unsigned char state[MAX_PIDS]; /* 0 unknown, 1 old, 2 watching, 3 done */
    static unsigned char reached[MAX_PIDS][8]; /* bit per fd 0..63 reported */
    int seen = 0, refused = 0, got = 0;
    pid_t self = getpid();
    int first = 1;
    while (now() < end && access(stop, F_OK) != 0) {
        DIR *d = opendir("/proc");
        if (!d)
            return outcome("opendir /proc", -1);
        struct dirent *e;
        while ((e = readdir(d))) {
            long pid = atol(e->d_name);
            if (pid <= 0 || pid >= MAX_PIDS || pid == self)
                continue;
            if (state[pid] == 0) {
                state[pid] = first ? 1 : 2;
                if (!first)
                    seen++;
            }
            if (state[pid] != 2)
                continue;
            char path[64];
            snprintf(path, sizeof path, "/proc/%ld/fd", pid);
            if (access(path, F_OK) != 0 && errno == ENOENT) {
                state[pid] = 3; /* gone */
                continue;
            }
            /* Each slot directly: a listing may come too late for a descriptor held briefly. */
            for (int n = -2; n < 56; n++) {
                char link[64], target[4096];
                if (n == -2)
                    snprintf(link, sizeof link, "/proc/%ld/cwd", pid);
                else if (n == -1)
                    snprintf(link, sizeof link, "/proc/%ld/root", pid);
                else
                    snprintf(link, sizeof link, "/proc/%ld/fd/%d", pid, n);
                int bit = n + 2;
                if (reached[pid][bit / 8] & (1 << (bit % 8)))
                    continue;
                int fd = open(link, O_PATH | O_CLOEXEC);
                if (fd < 0 && (errno == EACCES || errno == EPERM) && !(reached[pid][7] & 0x80)) {
                    reached[pid][7] |= 0x80; /* refused at least once: not dumpable, or more privileged */
                    refused++;
                }
                if (fd < 0)
                    continue;
                reached[pid][bit / 8] |= 1 << (bit % 8);
                got++;
                ssize_t len = readlink(link, target, sizeof target - 1);
                target[len < 0 ? 0 : len] = 0;
                struct stat st;
                int dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
                printf("reached %ld %s -> %s%s", pid, n == -2 ? "cwd" : n == -1 ? "root" : link + strlen(path) + 1,
                       target, dir ? " dir" : "");
                for (int i = 4; dir && i < argc; i++)
                    if (faccessat(fd, argv[i], F_OK, 0) == 0)
                        printf(" sees %s", argv[i]);
                printf("\n");
                fflush(stdout);
                close(fd);
            }
        }
        closedir(d);
        first = 0;
    }
    printf("fdwatch: %d new processes, %d refused, %d reached\n", seen, refused, got);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: probe keyctl|add_key|bpf|raw_socket|packet_socket|init_module|finit_module|mount|unshare_user|mknod_disk MAJOR MINOR|open PATH|ids|fdwatch STOPFILE SECONDS PATH...\n");
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
    if (!strcmp(what, "fdwatch") && argc >= 4) {
        return fdwatch(argc, argv);
    }
    fprintf(stderr, "probe: unknown attempt %s\n", what);
    return 2;
}
