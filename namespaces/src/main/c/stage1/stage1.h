/* Shared declarations of the stage-1 helper. The wire format is in protocol.h. */
#ifndef BERTH_STAGE1_H
#define BERTH_STAGE1_H

#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "protocol.h"

struct mount_rec {
	uint32_t op, options, mode;
	uint64_t flags, dev;
	char *source, *target, *fstype, *data; /* NUL-terminated copies; never NULL */
};

struct chown_rec {
	uint32_t uid, gid, mode;
	char *path;
	uint32_t fcap_len; /* 0: no file capability */
	unsigned char fcap[24];
};

struct rlimit_rec {
	uint32_t resource;
	uint64_t soft, hard;
};

/* The parsed spec. has_* is set when the tag was present; strings are NULL when absent. */
struct spec {
	uint64_t namespaces, join;
	int has_join;
	char **argv, **envp; /* NULL-terminated */
	size_t argc, envc;
	char *cwd, *hostname, *domainname, *root, *log_file, *exit_file;
	char *uid_map, *gid_map, *setgroups;
	char *netns; /* TAG_NETNS */
	char *uid_map_program, *gid_map_program, *chown_root;
	struct chown_rec *chowns;
	size_t nchowns;
	struct mount_rec *mounts;
	size_t nmounts;
	struct rlimit_rec *rlimits;
	size_t nrlimits;
	char **cgroup_procs;
	size_t ncgroup_procs;
	int has_user, has_groups, has_caps, has_umask, has_oom, has_seccomp;
	uint32_t uid, gid, *groups, umask, no_new_privs, die_with_parent, loopback, init, tty, console, network_gate, cgroup_gate, attach;
	size_t ngroups;
	uint64_t caps;
	int32_t oom_score_adj;
	uint64_t log_max_size; /* TAG_LOG_ROTATE; 0: the log is never rotated */
	uint32_t log_max_files;
	void *seccomp; /* struct sock_filter[] */
	size_t seccomp_len;
};

/* trace.c: opt-in launch timestamps (BERTH_STAGE1_TRACE=1) */
void trace_init(void);
void trace_mark(const char *label);
void trace_report(void);

/* report.c */
extern int g_errfd;       /* in the child: write end of the error pipe; -1 in the parent */
extern pid_t g_child_pid; /* in the parent: the child to kill on failure, 0 if none yet */
extern int g_child_pidfd;
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int write_all(int fd, const void *buf, size_t len);

/* spec.c */
void parse_spec(struct spec *s, const unsigned char *buf, size_t len);

/* mounts.c: the root-mode half of the child (mount records, then pivot_root). */
void setup_root(const struct spec *s);

/* creds.c */
void apply_rlimits(const struct spec *s);
void apply_creds(const struct spec *s);
void apply_seccomp(const struct spec *s);
void reset_signals(void);

/* join.c */
void join_namespaces(const struct spec *s, int have_fd);
const char *ns_names(uint64_t flags);

/* tty.c */
void take_terminal(const struct spec *s);
/* The console (TAG_CONSOLE, or TAG_TTY with TAG_LOG_FILE): a pty of the container's devpts. */
int wants_console(const struct spec *s);
int console_socket(const struct spec *s, int *monitor_end); /* the child's end; the monitor's or -1 */
void open_console(const struct spec *s, int sock);           /* in the child, inside the root */
int receive_console(int sock);                               /* the monitor's end: the master */
/* docker run -dit: Java's stdin pipe relayed to the terminal's master (tty.c). */
int terminal_input_source(void);                 /* stdin dup'd aside when it is a pipe, else -1 */
void terminal_input_init(int from, int master);
int terminal_input_read_fd(void);                /* -1 while a buffer is held */
int terminal_input_write_fd(int master_open);    /* -1 when nothing is held */
void terminal_input_ready(short in, short out);

/* init.c */
noreturn void run_as_init(const struct spec *s);

/* net.c */
void loopback_up(void);
void join_netns(const char *path);

/* logfile.c: the container's output into a json-file log, written by the monitor. */
struct log_stream {
	int fd;            /* read end of the pipe, -1 once at EOF */
	const char *name;  /* "stdout" or "stderr" */
	size_t used;       /* bytes of an unfinished line held in buf */
	char buf[16384];   /* Docker cuts records every 16 KiB */
	/* TAG_ATTACH (attach.c): */
	int attach;        /* write end of the attach pipe; -1 when none, or once the reader left */
	size_t held, off;  /* bytes of out not yet taken by the reader, from out + off */
	char out[16384];   /* at most one read's worth: no more is read until it is taken */
};
void log_open(const char *path, uint64_t max_size, uint32_t max_files);
void log_stream_init(struct log_stream *ls, int fd, const char *name);
void log_stream_read(struct log_stream *ls); /* reads what is there; at EOF flushes and sets fd -1 */
void log_close(void);
void write_exit_file(const char *path, const char *line);

/* attach.c: the container's output forwarded to the attach pipes (TAG_ATTACH). */
void attach_init(struct log_stream *ls, int fd);
int attach_holds(const struct log_stream *ls);          /* 1: the reader has not taken all yet */
void attach_forward(struct log_stream *ls, const char *p, size_t n);
void attach_ready(struct log_stream *ls, short revents); /* poll saw the attach pipe change */
void attach_at_eof(struct log_stream *ls);               /* EOF to the reader once all is taken */
void attach_finish(struct log_stream *ls);               /* the container ended: blocking writes */
void attach_close(struct log_stream *ls);

/* idmap.c */
void run_map_program(const char *program, pid_t pid, const char *map);
noreturn void run_chowns(const struct spec *s);

/* fds.c: closes every descriptor >= 3 but the three given (>= 3, distinct; keep_c may be -1). */
void close_fds_except(int keep_a, int keep_b, int keep_c);

/* child.c */
noreturn void run_child(const struct spec *s, pid_t parent, int syncfd, int errfd, int consolefd);

/* exec.c: the command's execve, used by child.c and by init.c's forked command. */
noreturn void exec_command(const struct spec *s);

#endif
