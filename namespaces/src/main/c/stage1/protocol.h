/*
 * The contract between Java (dev.berth.namespaces.launch.SpecEncoder / Launcher) and the
 * stage-1 helper. Java computes every decision; the helper executes the list it is given and
 * contains no policy. Change this file and SpecWire.java together.
 *
 * File descriptors the helper is started with (posix_spawn file actions):
 *   0, 1, 2   the container's stdio (passed on to the container process unchanged). With
 *             TAG_LOG_FILE, 1 and 2 are replaced by the log pipes; with TAG_ATTACH as well, the
 *             1 and 2 given are the attach pipes (write ends; the JVM reads the other ends),
 *             which the monitor moves to close-on-exec descriptors >= FIRST_FREE_FD before the
 *             clone and holds alone: the child closes them first thing (fds.c), as every
 *             descriptor but 0-2 and its gate pipes.
 *   3         SPEC_FD: the spec, read to EOF (Java writes it and closes its end)
 *   4         REPORT_FD: lines to Java (see "Report lines" below)
 *   5         LIFELINE_FD: read end of a pipe whose write end only the JVM holds; POLLHUP on it
 *             means the JVM is gone (die-with-parent)
 *   6         JOIN_FD: a pidfd of the process whose namespaces to join (join mode only)
 *   7         GATE_FD: read end of a pipe from Java (TAG_CGROUP_GATE, TAG_NETWORK_GATE only):
 *             one byte 'C' says the cgroups exist (TAG_CGROUP_GATE), then one byte 'G' opens
 *             the network gate (TAG_NETWORK_GATE)
 *   8         HOLD_FD: any descriptor, held open (close-on-exec, so the container does not get
 *             it) until the helper exits. Java passes the write end of a pipe whose read end is
 *             slirp4netns's --exit-fd, so that slirp4netns ends with the container even when the
 *             JVM is gone (a detached container, a crash).
 *   9         CONSOLE_FD (TAG_CONSOLE only): an AF_UNIX socket. The child sends the master of
 *             the pty it opened in the container's own devpts over it (SCM_RIGHTS, one byte
 *             'T'), as runc sends a console to its --console-socket. Closed by the parent half
 *             after the clone and by the child once it has sent the master.
 * Every other descriptor is closed by the helper at start.
 *
 * Spec encoding (all integers little-endian):
 *   header:  u32 magic 0x31545242 ("BRT1" read as bytes 'B','R','T','1'), u32 version (1)
 *   records: u16 tag, u16 zero, u32 payload length, payload
 *   A string payload is the bytes without a terminating NUL (a NUL inside is an error).
 *   Unknown tags are an error ("spec: unknown tag N"), and so is a second record of a tag not
 *   marked "repeated" below ("spec: duplicate tag N"). The spec may be at most 16 MiB.
 *
 * Order of a launch: the parent half clones the child, writes setgroups/uid_map/gid_map, then
 * opens gate 1 ("R"): the child builds its root while the parent writes the child's pid into
 * every TAG_CGROUP_PROCS file (on cgroup v1 the first such write waits for an RCU grace
 * period, ~2 ms, which this overlaps with the mounts). Gate 2 ("C") follows; only after it
 * does the child unshare its cgroup namespace, drop privileges and execve, so no container
 * code runs outside its cgroups.
 *
 * Report lines (helper -> Java on REPORT_FD, each ends with '\n'):
 *   "S <pid> <fd>"           the container process exec'd; <pid> is its pid in the helper's
 *                            pid namespace, <fd> the number of a pidfd for it inside the helper
 *                            (Java takes it with pidfd_getfd; -1 if there is none)
 *   "N <pid>"                (TAG_NETWORK_GATE only) the child's namespaces exist and its id
 *                            maps are written; the helper now waits for 'G' on GATE_FD
 *   "E <errno> <step>"       setup failed; <step> names what failed, e.g. "execve /bin/foo",
 *                            "mount overlay on /", "write /sys/fs/cgroup/pids/x/cgroup.procs".
 *                            The helper then exits 1 and no container process remains.
 *   "X exit <code>"          the container process exited with <code>
 *   "X signal <signo>"       the container process was killed by <signo>
 *   After "X" the helper exits 0.
 *   A newline inside <step> (from a path) is sent as '?'. <errno> is the Linux errno value;
 *   spec problems are always "E 22 spec: <what>". Without fd 4 (helper run by hand) the
 *   lines go to stderr.
 *
 * Clarifications of helper behaviour (added with the first helper; the encoding is unchanged):
 *   - Descriptors: fds 3-6 that Java did not pass are treated as absent (fd 6 absent in join
 *     mode: "E 9 setns ..."). Java: make sure posix_spawn's dup2 sources are not themselves in
 *     0..6, or an earlier dup2 clobbers a later source.
 *   - The helper is non-dumpable (PR_SET_DUMPABLE 0) from its start, and so is the child until
 *     its execve; a child with id maps to write is dumpable only until gate 2 ("C"). The child's
 *     first act closes every descriptor but 0-2 and its two gate pipes (fds.c, join.c).
 *   - Order in the parent: open /dev/null, /proc (only to write id maps itself) and every
 *     TAG_CGROUP_PROCS file (with TAG_CGROUP_GATE: after gate 1 and the 'C', instead), then setns (join; fd 6 is closed after it), then clone. Opening first means these host paths still resolve after setns into
 *     a container's mount/user namespace. A cgroup.procs that cannot be opened is reported as
 *     "open <path>", a failed write as "write <path>".
 *   - CLONE_NEWCGROUP is not passed to clone: the child unshares it after the release, i.e.
 *     after the cgroup.procs writes, so the namespace is rooted at the container's cgroup.
 *   - With TAG_UID_MAP / TAG_GID_MAP the child calls setresuid(0,0,0) / setresgid(0,0,0) in
 *     the new user namespace after the release (as runc does), so the maps must map 0. Setup
 *     then runs as the mapped root (a root helper mapping 0 -> 100000 creates files as 100000).
 *     mknod is refused in a user namespace: bind the host's device nodes instead (OP_BIND with
 *     MOUNT_MKFILE).
 *   - Child order: PDEATHSIG + release, unshare cgroup ns, become ns root, oom_score_adj
 *     (through /proc/self before any mount, so the new root needs no /proc), umask 0, mounts +
 *     pivot_root, hostname, domainname, mkdir -p + chdir cwd, umask (TAG_UMASK, else the
 *     inherited one), rlimits, credentials, no_new_privs, signals reset, close-on-exec >= 3,
 *     seccomp, execve.
 *   - TAG_DIE_WITH_PARENT also keeps PR_SET_PDEATHSIG(SIGKILL) on the container process, so it
 *     dies with the helper too; without it the container outlives a killed helper.
 *   - Validation beyond sizes: TAG_NAMESPACES / TAG_JOIN may only hold CLONE_NEW* bits;
 *     TAG_ROOT needs CLONE_NEWNS; hostname/domainname need a new or joined UTS namespace;
 *     maps/setgroups need CLONE_NEWUSER; TAG_MOUNT needs TAG_ROOT; mount targets must be
 *     absolute without ".." components. TAG_JOIN may be combined with TAG_NAMESPACES (joined
 *     first, then the new ones are created); Java's encoder sends one or the other.
 */
#ifndef BERTH_STAGE1_PROTOCOL_H
#define BERTH_STAGE1_PROTOCOL_H

#define SPEC_FD 3
#define REPORT_FD 4
#define LIFELINE_FD 5
#define JOIN_FD 6
#define GATE_FD 7
#define HOLD_FD 8
#define CONSOLE_FD 9
#define FIRST_FREE_FD 10

#define SPEC_MAGIC 0x31545242u
#define SPEC_VERSION 1u
#define SPEC_MAX_BYTES (16u << 20)

enum spec_tag {
	/* u64: CLONE_NEW* flags of the namespaces to create (CLONE_NEWTIME included). */
	TAG_NAMESPACES = 1,
	/* string, repeated: argv in order. argv[0] without '/' is looked up in the PATH of the
	 * ENV list (default "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
	 * inside the container root. */
	TAG_ARG = 2,
	/* string, repeated: "NAME=value" of the container environment (the exact envp). */
	TAG_ENV = 3,
	/* string: working directory inside the container, created if missing ("/" if absent or
	 * empty). Created (0755) as root before credentials are dropped. */
	TAG_CWD = 4,
	/* string: hostname (needs CLONE_NEWUTS). */
	TAG_HOSTNAME = 5,
	/* string: NIS domain name (needs CLONE_NEWUTS). */
	TAG_DOMAINNAME = 6,
	/* string: host path of the directory that becomes the container's root; MOUNT records
	 * put something there first (overlay or bind). Absent: no pivot_root (join mode, or
	 * namespaces without a new root). pivot_root needs a mount point: when no OP_MOUNT,
	 * OP_BIND or OP_OVERLAY record targets "/", the helper first binds the root on itself. */
	TAG_ROOT = 7,
	/* struct mount_record, repeated, executed in order before pivot_root. */
	TAG_MOUNT = 8,
	/* u32 resource, u32 zero, u64 soft, u64 hard (RLIM_INFINITY = all ones). */
	TAG_RLIMIT = 9,
	/* u32 uid, u32 gid: the credentials the process runs with. */
	TAG_USER = 10,
	/* u32 count, then count x u32: supplementary groups (setgroups; empty list allowed). An
	 * empty list that the kernel refuses (EPERM: user namespace with setgroups "deny") is
	 * skipped; a non-empty one is an error. */
	TAG_GROUPS = 11,
	/* u64: capability bits kept in bounding, permitted, effective and inheritable sets (and
	 * ambient when uid != 0). 0 drops everything. Bits above the kernel's last capability
	 * are ignored. Absent: the capability sets are left as the kernel makes them. */
	TAG_CAPS = 12,
	/* u32: 1 sets PR_SET_NO_NEW_PRIVS. */
	TAG_NO_NEW_PRIVS = 13,
	/* string, repeated: a cgroup.procs (v1 or v2) file; the helper's parent half writes the
	 * container pid into each before the container proceeds. */
	TAG_CGROUP_PROCS = 14,
	/* string: uid_map / gid_map content written by the parent half (user namespaces). */
	TAG_UID_MAP = 15,
	TAG_GID_MAP = 16,
	/* string: "deny" or "allow", written to /proc/PID/setgroups before gid_map. */
	TAG_SETGROUPS = 17,
	/* u64: CLONE_NEW* flags to join from the pidfd on JOIN_FD with setns(2) (join mode). */
	TAG_JOIN = 18,
	/* u32: 1 kills the container (SIGKILL) when LIFELINE_FD reports the JVM gone. */
	TAG_DIE_WITH_PARENT = 19,
	/* u32: umask for the container process. */
	TAG_UMASK = 20,
	/* u32 (as int32): oom_score_adj, written to /proc/self/oom_score_adj by the child right
	 * after its release (before mounts). Lowering it needs CAP_SYS_RESOURCE ("E 13 write
	 * /proc/self/oom_score_adj" on this machine). */
	TAG_OOM_SCORE_ADJ = 21,
	/* bytes: a classic BPF program (struct sock_filter[], 8 bytes each, 1..4096 of them)
	 * installed with seccomp(2) last before execve (with TAG_NO_NEW_PRIVS), or right before the
	 * credentials are dropped without it (seccomp(2) then needs the CAP_SYS_ADMIN still held). */
	TAG_SECCOMP = 22,
	/* u32: 1 brings the loopback interface up in the (new) network namespace, as runc and
	 * Docker do; a fresh network namespace has "lo" down. */
	TAG_LOOPBACK = 23,
	/* u32: 1 makes the container's PID 1 a minimal init of the helper's own (init.c) that
	 * forks the command, reaps zombies and forwards signals; the command's death by signal N
	 * is reported as "X exit 128+N". */
	TAG_INIT = 24,
	/* string: path of a network namespace file (e.g. /proc/<jvm pid>/fd/<n>) that the helper
	 * joins with setns(CLONE_NEWNET) before clone, so the container starts in a network that
	 * Java has already configured (veth, addresses, routes). Not with CLONE_NEWNET in
	 * TAG_NAMESPACES, nor with TAG_JOIN. A failure is "E <errno> setns net <path>". */
	TAG_NETNS = 25,
	/* u32: 1 adds a third gate for a user-mode network stack (slirp4netns), which needs the
	 * container's network namespace to exist but must have configured it before the command
	 * runs. After the cgroup.procs writes and before gate 2 ("C"), the parent reports
	 * "N <pid>" and reads one byte from GATE_FD: 'G' goes on; EOF (Java could not set up the
	 * network) kills the child and fails with "E 125 network gate: closed by Java". Needs
	 * CLONE_NEWNET in TAG_NAMESPACES. */
	TAG_NETWORK_GATE = 26,
	/* u32: 1 when Java makes the TAG_CGROUP_PROCS groups while the helper starts: the spec
	 * comes first, so the helper reads it, clones the child and lets it build its root
	 * meanwhile. After gate 1 ("R") and before the cgroup.procs files are opened and written,
	 * the parent reads one byte from GATE_FD: 'C' (the groups exist) goes on; EOF (Java could
	 * not make them) kills the child and fails with "E 125 cgroup gate: closed by Java". With
	 * TAG_NETWORK_GATE as well, the same pipe then carries its 'G'. Needs TAG_CGROUP_PROCS and
	 * no TAG_JOIN (a joined container's groups exist already). */
	TAG_CGROUP_GATE = 27,
	/* u32: 1 makes stdin, a terminal the caller opened (a pty slave), the command's
	 * controlling terminal: the command starts a new session (setsid) and takes it
	 * (TIOCSCTTY), so the terminal's Ctrl-C and job control reach it (tty.c). */
	TAG_TTY = 40,
	/* u32: 1 (with TAG_TTY): the terminal is a pty of the container's own devpts, as runc
	 * and crun make it. Once its root is set up (or, in join mode, in the joined mount
	 * namespace) the child opens /dev/pts/ptmx (a devpts mount, checked: a character device
	 * 5:2 on a devpts superblock, no symlink followed at the last two steps), unlocks it,
	 * opens the slave with TIOCGPTPEER (no path lookup), gives the slave 24x80 rows/columns
	 * and the command's uid, makes it stdin, stdout and stderr (the descriptors given as 0-2
	 * are replaced), and sends the master to CONSOLE_FD (see above). So `tty` in the
	 * container prints /dev/pts/N of its own instance and no host devpts is involved. A
	 * failure is "E <errno> console: <what>".
	 * With TAG_TTY and TAG_LOG_FILE (docker run -dt), the monitor makes the same console for
	 * itself (an internal socket pair) and logs what the master reads; TAG_CONSOLE is then
	 * not given. */
	TAG_CONSOLE = 41,
	/* string: the monitor (this helper's parent half) writes the container's stdout and stderr
	 * itself to this file, in Docker's json-file format, so the container's output is kept
	 * when no JVM reads it (a detached container outliving its JVM, logfile.c). While it
	 * writes, "<path>.writer" holds its pid. Overrides the stdout/stderr descriptors given. */
	TAG_LOG_FILE = 45,
	/* string: when the container's process has been reaped, the monitor writes "exit N\n" or
	 * "signal N\n" to this file (through a temporary file and rename) before its report. */
	TAG_EXIT_FILE = 46,
	/* u64 max_size, u32 max_files (1-1000), u32 zero: the TAG_LOG_FILE log is rotated as
	 * Docker's json-file log (max-size, max-file). Before a record would take the file past
	 * max_size bytes (a non-empty file; a larger record gets a file of its own): "<path>.<n>"
	 * for n = max_files-1 is removed, each "<path>.<n>" renamed to "<path>.<n+1>", "<path>"
	 * hard-linked as "<path>.1" (renamed if links fail), and an empty "<path>.next" renamed over
	 * "<path>", so "<path>" always exists and every file keeps its inode; Java's
	 * ContainerLogWriter (LogFiles) rotates the same way. Absent: never rotated.
	 * When a write to the log fails (ENOSPC, EDQUOT, EIO), the monitor cuts the file back to its
	 * last whole record, stops writing it, rewrites "<path>.writer" in place as "<pid>\nfailed:
	 * <path>: <strerror>\n" (in place: the marker's block exists, so a full disk takes it), and
	 * leaves that marker when it exits; it goes on draining the container's pipes, so the
	 * container never blocks on them. */
	TAG_LOG_ROTATE = 47,
	/* u32: 1 (needs TAG_LOG_FILE): the monitor also forwards every byte it reads from the
	 * container's stdout and stderr (a terminal's output counts as stdout; stderr then ends at
	 * once), unchanged and whatever becomes of the log file, to the attach pipes given as
	 * descriptors 1 and 2 (attach.c), so a JVM attached to a detached container loses nothing to
	 * a full disk, as docker run's attach does not go through the log driver. A slow reader holds
	 * the stream back (the monitor reads no more of that stream until the reader has taken what
	 * it forwarded; the container blocks once its pipe is full), as Docker does with a slow
	 * attached client and java.lang.Process with unread output; the monitor never blocks on it
	 * while the container runs (non-blocking writes under poll), so the exit, stop and kill are
	 * seen at once. A reader that goes away (EPIPE, POLLERR) ends that stream's forwarding; the
	 * log goes on. When the container's process has been reaped, the monitor forwards what is
	 * left in the pipes (blocking: the reader gets the last bytes, or leaves), closes the attach
	 * pipes (EOF to the reader), then writes the exit file and reports "X". A stream at EOF
	 * (the container closed it) is closed at once. */
	TAG_ATTACH = 48,
	/* Tags 30-33: rootless user namespaces (see idmap.c). */
	/* string: absolute path of newuidmap(1). With it, the parent half runs
	 * "<program> <pid> <inside outside count>..." with the triples of TAG_UID_MAP instead of
	 * writing /proc/<pid>/uid_map itself: a user without privileges may write only a map of its
	 * own id, the setuid helper maps the ranges /etc/subuid grants. Needs TAG_UID_MAP. */
	TAG_UID_MAP_PROGRAM = 30,
	/* string: absolute path of newgidmap(1), as TAG_UID_MAP_PROGRAM for TAG_GID_MAP. */
	TAG_GID_MAP_PROGRAM = 31,
	/* string: a host directory. The child, once it is root of its new user namespace (maps
	 * needed), applies the TAG_CHOWN records below this directory and exits 0 instead of
	 * running a command (no TAG_ARG needed; no other namespace, root or mount is allowed).
	 * This is how layers get owners an unprivileged user cannot give them directly. */
	TAG_CHOWN_ROOT = 32,
	/* repeated: u32 uid, u32 gid, u32 mode (0xffffffff: leave), u32 fcap length (0 or 4-24),
	 * that many bytes of a security.capability value, then the path relative to
	 * TAG_CHOWN_ROOT ("." for itself). The parent directory is resolved with
	 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), the entry itself is not followed, and
	 * mode (setuid/setgid bits that chown cleared) is applied to non-symlinks only. The file
	 * capability is set last (chown removes it) and only on a regular file; written by the
	 * namespace's root, the kernel stores it as v3 with that root's host uid. A failure is
	 * "E <errno> chown <path>", "E <errno> chmod <path>" or "E <errno> setxattr
	 * security.capability <path>". */
	TAG_CHOWN = 33,
};

/*
 * TAG_MOUNT payload:
 *   u32 op, u32 options (enum mount_option bits), u64 flags (MS_* for mount(2)),
 *   u32 mode, u32 zero, u64 dev,
 *   then four strings, each u32 length + bytes: source, target, fstype, data.
 * target is a path inside the container root (absolute, e.g. "/proc"); it is resolved inside
 * the root without following symlinks out of it (openat2 RESOLVE_IN_ROOT), and the mount is
 * made on the resolved descriptor. source is a host path where the op says so.
 * mode: for OP_MKNOD the full st_mode (type bits | permissions); for OP_MKDIR and for a target
 * created by MOUNT_MKDIR / MOUNT_MKFILE the permissions of the last component (0 means 0755
 * for directories, 0644 for files); missing parents get 0755. The umask is 0 during setup.
 * dev: the dev_t of glibc/musl makedev(major, minor), i.e.
 *   ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff)
 * Creation never follows a symlink out of the root; a dangling symlink in the way is ENOENT.
 * A record that fails is reported with a step naming it: "mount <fstype> on <target>",
 * "bind <source> on <target>", "mount overlay on <target>" (+ " (<detail>)" such as the
 * failing lowerdir+ or the kernel's fs_context message), "mknod <target>", "symlink <target>",
 * "mask <target>", "readonly <target>", "remount <target>", "mkdir <target>".
 */
enum mount_op {
	/* mount(source, target, fstype, flags, data). For the root itself target is "/". */
	OP_MOUNT = 1,
	/* bind the host path source on target (MS_REC if flags has it); when flags has any of
	 * MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC a bind remount applies them afterwards.
	 * That remount also keeps ro/nosuid/nodev/noexec that the source mount already has (they
	 * are locked in a user namespace; a bind never loosens its source). MS_PRIVATE, MS_SLAVE,
	 * MS_SHARED, MS_UNBINDABLE in flags are applied with a third call. */
	OP_BIND = 2,
	/* overlay on target: source is the lower directories, highest first, separated by '\n';
	 * data is the rest of the options ("upperdir=..,workdir=..[,userxattr][,volatile]"), or
	 * empty for a read-only overlay of lowers only. Uses fsopen + fsconfig("lowerdir+") where
	 * the kernel has it, else mount(2) with paths made short by chdir to a common parent.
	 * Option values in data must not contain ','. flags: MS_RDONLY/NOSUID/NODEV/NOEXEC and
	 * atime flags become mount attributes. Options still longer than a page on the mount(2)
	 * path: "E 7 mount overlay on / (options exceed a page)". */
	OP_OVERLAY = 3,
	/* mknod(target, mode, dev); mode carries the file type bits. */
	OP_MKNOD = 4,
	/* symlink: create target as a symlink whose content is source. */
	OP_SYMLINK = 5,
	/* mask: a file gets the host's /dev/null bound over it, a directory a read-only empty
	 * tmpfs (nosuid,nodev,noexec). */
	OP_MASK = 6,
	/* read-only: bind target on itself, then remount read-only (nosuid/nodev/noexec kept). */
	OP_READONLY = 7,
	/* remount target with flags (MS_REMOUNT is added; MS_BIND too when options has BIND);
	 * data is passed for superblock remounts. nosuid/nodev/noexec already on the mount are
	 * kept. A read-only root: OP_REMOUNT "/" with MS_RDONLY and MOUNT_BIND as the last record. */
	OP_REMOUNT = 8,
	/* mkdir target (and missing parents) with mode. */
	OP_MKDIR = 9,
};

enum mount_option {
	/* a missing target (ENOENT) is not an error: skip this record. Any ENOENT from the
	 * record counts, including a missing bind source. */
	MOUNT_OPTIONAL = 1,
	/* create target (and parents) as a directory if missing. */
	MOUNT_MKDIR = 2,
	/* create target (and parent directories) as an empty file if missing. */
	MOUNT_MKFILE = 4,
	/* with OP_REMOUNT: a bind remount (MS_BIND|MS_REMOUNT). */
	MOUNT_BIND = 8,
};

#endif
