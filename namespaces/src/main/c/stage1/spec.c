/*
 * Parsing and validation of the binary spec (format in protocol.h). The helper trusts Java
 * for policy, but it checks everything that could make it do something other than what the
 * spec says: sizes, reserved fields, flags outside the namespace set, a new root without a
 * new mount namespace (which would mount and pivot in the host's namespace), and so on.
 * Every problem is "E 22 spec: <what>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "stage1.h"
#include "compat.h"

#define bad(...) fail(EINVAL, "spec: " __VA_ARGS__)

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
	return get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fail(ENOMEM, "spec: out of memory");
	return p;
}

static char *copy_string(const unsigned char *p, size_t n, unsigned tag)
{
	if (memchr(p, 0, n))
		bad("NUL byte in string of tag %u", tag);
	char *s = xrealloc(NULL, n + 1);
	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

/* Appends to a NULL-terminated string vector. */
static char **push_string(char **v, size_t *n, char *s)
{
	v = xrealloc(v, (*n + 2) * sizeof *v);
	v[(*n)++] = s;
	v[*n] = NULL;
	return v;
}

/* Targets are absolute and have no ".." component, so resolving them is never ambiguous. */
static void check_target(const char *t)
{
	if (t[0] != '/')
		bad("mount target not absolute: %s", t);
	for (const char *p = t; (p = strstr(p, "..")); p += 2)
		if (p[-1] == '/' && (p[2] == '/' || p[2] == 0))
			bad("mount target with '..': %s", t);
}

static void parse_mount(struct spec *s, const unsigned char *p, size_t len)
{
	if (len < 32)
		bad("mount record too short");
	struct mount_rec m = {
		.op = get_u32(p), .options = get_u32(p + 4), .flags = get_u64(p + 8),
		.mode = get_u32(p + 16), .dev = get_u64(p + 24),
	};
	if (get_u32(p + 20) != 0)
		bad("mount record reserved field not zero");
	char **strs[4] = {&m.source, &m.target, &m.fstype, &m.data};
	size_t off = 32;
	for (int i = 0; i < 4; i++) {
		if (len - off < 4 || len - off - 4 < get_u32(p + off))
			bad("mount record string overruns the record");
		size_t n = get_u32(p + off);
		*strs[i] = copy_string(p + off + 4, n, TAG_MOUNT);
		off += 4 + n;
	}
	if (off != len)
		bad("mount record has %zu trailing bytes", len - off);
	if (m.op < OP_MOUNT || m.op > OP_MKDIR)
		bad("unknown mount op %u", m.op);
	if (m.options & ~(uint32_t)(MOUNT_OPTIONAL | MOUNT_MKDIR | MOUNT_MKFILE | MOUNT_BIND))
		bad("unknown mount options 0x%x", m.options);
	check_target(m.target);
	if ((m.op == OP_BIND || m.op == OP_OVERLAY || m.op == OP_SYMLINK) && !m.source[0])
		bad("mount op %u on %s needs a source", m.op, m.target);
	s->mounts = xrealloc(s->mounts, (s->nmounts + 1) * sizeof m);
	s->mounts[s->nmounts++] = m;
}

static void expect_len(unsigned tag, size_t len, size_t want)
{
	if (len != want)
		bad("tag %u has length %zu, expected %zu", tag, len, want);
}

void parse_spec(struct spec *s, const unsigned char *buf, size_t len)
{
	memset(s, 0, sizeof *s);
	if (len < 8 || get_u32(buf) != SPEC_MAGIC)
		bad("bad magic");
	if (get_u32(buf + 4) != SPEC_VERSION)
		bad("unsupported version %u", get_u32(buf + 4));
	uint32_t seen = 0;
	for (size_t off = 8; off < len;) {
		if (len - off < 8)
			bad("truncated record header at offset %zu", off);
		unsigned tag = buf[off] | buf[off + 1] << 8;
		if (buf[off + 2] || buf[off + 3])
			bad("record reserved field not zero (tag %u)", tag);
		size_t n = get_u32(buf + off + 4);
		const unsigned char *p = buf + off + 8;
		if (len - off - 8 < n)
			bad("tag %u payload overruns the spec", tag);
		off += 8 + n;

		/* Tags that may repeat; every other one may appear once. */
		int repeats = tag == TAG_ARG || tag == TAG_ENV || tag == TAG_MOUNT ||
			      tag == TAG_RLIMIT || tag == TAG_CGROUP_PROCS || tag == TAG_CHOWN;
		if (tag >= 1 && tag < 32 && !repeats) {
			if (seen & (1u << tag))
				bad("duplicate tag %u", tag);
			seen |= 1u << tag;
		}
		switch (tag) {
		case TAG_NAMESPACES:
		case TAG_JOIN:
			expect_len(tag, n, 8);
			uint64_t ns = get_u64(p);
			if (ns & ~(uint64_t)BERTH_NS_FLAGS)
				bad("tag %u has non-namespace flags 0x%llx", tag,
				    (unsigned long long)(ns & ~(uint64_t)BERTH_NS_FLAGS));
			if (tag == TAG_JOIN)
				s->join = ns, s->has_join = 1;
			else
				s->namespaces = ns;
			break;
		case TAG_ARG: s->argv = push_string(s->argv, &s->argc, copy_string(p, n, tag)); break;
		case TAG_ENV: s->envp = push_string(s->envp, &s->envc, copy_string(p, n, tag)); break;
		case TAG_CWD: s->cwd = copy_string(p, n, tag); break;
		case TAG_LOG_FILE: s->log_file = copy_string(p, n, tag); break;
		case TAG_EXIT_FILE: s->exit_file = copy_string(p, n, tag); break;
		case TAG_LOG_ROTATE:
			expect_len(tag, n, 16);
			s->log_max_size = get_u64(p), s->log_max_files = get_u32(p + 8);
			if (s->log_max_size == 0 || s->log_max_files == 0 || s->log_max_files > 1000 || get_u32(p + 12) != 0)
				bad("log rotation of %llu bytes x %u files", (unsigned long long)s->log_max_size, s->log_max_files);
			break;
		case TAG_HOSTNAME: s->hostname = copy_string(p, n, tag); break;
		case TAG_DOMAINNAME: s->domainname = copy_string(p, n, tag); break;
		case TAG_ROOT: s->root = copy_string(p, n, tag); break;
		case TAG_MOUNT: parse_mount(s, p, n); break;
		case TAG_RLIMIT:
			expect_len(tag, n, 24);
			struct rlimit_rec r = {get_u32(p), get_u64(p + 8), get_u64(p + 16)};
			if (r.resource >= 16 || get_u32(p + 4) != 0)
				bad("bad rlimit resource %u", r.resource);
			s->rlimits = xrealloc(s->rlimits, (s->nrlimits + 1) * sizeof r);
			s->rlimits[s->nrlimits++] = r;
			break;
		case TAG_USER:
			expect_len(tag, n, 8);
			s->has_user = 1, s->uid = get_u32(p), s->gid = get_u32(p + 4);
			break;
		case TAG_GROUPS:
			if (n < 4)
				bad("tag %u too short", tag);
			s->ngroups = get_u32(p);
			expect_len(tag, n, 4 + 4 * (uint64_t)s->ngroups);
			s->groups = xrealloc(NULL, s->ngroups * sizeof *s->groups);
			for (size_t i = 0; i < s->ngroups; i++)
				s->groups[i] = get_u32(p + 4 + 4 * i);
			s->has_groups = 1;
			break;
		case TAG_CAPS: expect_len(tag, n, 8); s->has_caps = 1, s->caps = get_u64(p); break;
		case TAG_NO_NEW_PRIVS: expect_len(tag, n, 4); s->no_new_privs = get_u32(p); break;
		case TAG_CGROUP_PROCS:
			s->cgroup_procs = push_string(s->cgroup_procs, &s->ncgroup_procs,
						      copy_string(p, n, tag));
			break;
		case TAG_UID_MAP: s->uid_map = copy_string(p, n, tag); break;
		case TAG_GID_MAP: s->gid_map = copy_string(p, n, tag); break;
		case TAG_SETGROUPS: s->setgroups = copy_string(p, n, tag); break;
		case TAG_UID_MAP_PROGRAM: s->uid_map_program = copy_string(p, n, tag); break;
		case TAG_GID_MAP_PROGRAM: s->gid_map_program = copy_string(p, n, tag); break;
		case TAG_CHOWN_ROOT: s->chown_root = copy_string(p, n, tag); break;
		case TAG_CHOWN:
			if (n < 17 || get_u32(p + 12) > sizeof ((struct chown_rec *)0)->fcap ||
			    (get_u32(p + 12) != 0 && get_u32(p + 12) < 4) || n < 17 + get_u32(p + 12))
				bad("chown record of %zu bytes", n);
			struct chown_rec c = {get_u32(p), get_u32(p + 4), get_u32(p + 8),
					      copy_string(p + 16 + get_u32(p + 12), n - 16 - get_u32(p + 12), tag),
					      get_u32(p + 12), {0}};
			memcpy(c.fcap, p + 16, c.fcap_len);
			if (c.path[0] == '/' || (c.mode != 0xffffffffu && c.mode > 07777))
				bad("chown record for %s", c.path);
			s->chowns = xrealloc(s->chowns, (s->nchowns + 1) * sizeof c);
			s->chowns[s->nchowns++] = c;
			break;
		case TAG_DIE_WITH_PARENT: expect_len(tag, n, 4); s->die_with_parent = get_u32(p); break;
		case TAG_UMASK:
			expect_len(tag, n, 4);
			s->has_umask = 1, s->umask = get_u32(p);
			if (s->umask > 0777)
				bad("umask 0%o out of range", s->umask);
			break;
		case TAG_INIT: expect_len(tag, n, 4); s->init = get_u32(p); break;
		case TAG_NETNS: s->netns = copy_string(p, n, tag); break;
		case TAG_NETWORK_GATE: expect_len(tag, n, 4); s->network_gate = get_u32(p); break;
		case TAG_TTY: expect_len(tag, n, 4); s->tty = get_u32(p); break;
		case TAG_ATTACH: expect_len(tag, n, 4); s->attach = get_u32(p); break;
		case TAG_LOOPBACK: expect_len(tag, n, 4); s->loopback = get_u32(p); break;
		case TAG_OOM_SCORE_ADJ:
			expect_len(tag, n, 4);
			s->has_oom = 1, s->oom_score_adj = (int32_t)get_u32(p);
			break;
		case TAG_SECCOMP:
			if (n == 0 || n % 8 || n / 8 > 4096)
				bad("seccomp program of %zu bytes", n);
			s->seccomp = xrealloc(NULL, n);
			memcpy(s->seccomp, p, n);
			s->seccomp_len = n, s->has_seccomp = 1;
			break;
		default:
			bad("unknown tag %u", tag);
		}
	}

	if (!s->envp) /* execve wants a vector, even an empty one */
		s->envp = xrealloc(NULL, sizeof *s->envp), s->envp[0] = NULL;

	/* Cross-checks. The dangerous ones would act on the host's namespaces. */
	if (s->argc == 0 && !s->chown_root)
		bad("no TAG_ARG");
	if (s->nchowns && !s->chown_root)
		bad("chown records without TAG_CHOWN_ROOT");
	if (s->chown_root && (s->chown_root[0] != '/' || s->namespaces != CLONE_NEWUSER ||
			      !s->uid_map || !s->gid_map || s->root || s->has_join))
		bad("TAG_CHOWN_ROOT needs an absolute path, a new user namespace only, and maps");
	if ((s->uid_map_program && !s->uid_map) || (s->gid_map_program && !s->gid_map))
		bad("a map program without its map");
	if (s->cwd && s->cwd[0] && s->cwd[0] != '/')
		bad("cwd not absolute: %s", s->cwd);
	if (s->nmounts && !s->root)
		bad("mount records without TAG_ROOT");
	if (s->root && (s->root[0] != '/' || !(s->namespaces & CLONE_NEWNS)))
		bad("TAG_ROOT needs an absolute path and CLONE_NEWNS in TAG_NAMESPACES");
	uint64_t uts = CLONE_NEWUTS, usr = CLONE_NEWUSER;
	if ((s->hostname || s->domainname) && !((s->namespaces | s->join) & uts))
		bad("hostname or domainname without a UTS namespace");
	if ((s->uid_map || s->gid_map || s->setgroups) && !(s->namespaces & usr))
		bad("uid_map, gid_map or setgroups without CLONE_NEWUSER");
	if (s->setgroups && strcmp(s->setgroups, "deny") && strcmp(s->setgroups, "allow"))
		bad("setgroups must be deny or allow, not %s", s->setgroups);
	if (s->has_join && !s->join)
		bad("TAG_JOIN with no namespaces");
	uint64_t net = CLONE_NEWNET;
	if (s->netns && (s->has_join || (s->namespaces & net) || s->netns[0] != '/'))
		bad("TAG_NETNS needs an absolute path, and neither TAG_JOIN nor CLONE_NEWNET");
	if (s->network_gate && (s->has_join || !(s->namespaces & net)))
		bad("TAG_NETWORK_GATE needs CLONE_NEWNET and no TAG_JOIN");
	if (s->log_max_size && !s->log_file)
		bad("TAG_LOG_ROTATE without TAG_LOG_FILE");
	if (s->attach && !s->log_file)
		bad("TAG_ATTACH without TAG_LOG_FILE");
}
