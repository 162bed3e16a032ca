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
#include <stddef.h>
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

/* Record tags: a handler each. The payload length is checked before for rules with .len. */

static void parse_rlimit(struct spec *s, const unsigned char *p, size_t n)
{
	(void)n;
	struct rlimit_rec r = {get_u32(p), get_u64(p + 8), get_u64(p + 16)};
	if (r.resource >= 16 || get_u32(p + 4) != 0)
		bad("bad rlimit resource %u", r.resource);
	s->rlimits = xrealloc(s->rlimits, (s->nrlimits + 1) * sizeof r);
	s->rlimits[s->nrlimits++] = r;
}

static void parse_user(struct spec *s, const unsigned char *p, size_t n)
{
	(void)n;
	s->has_user = 1, s->uid = get_u32(p), s->gid = get_u32(p + 4);
}

static void parse_groups(struct spec *s, const unsigned char *p, size_t n)
{
	if (n < 4)
		bad("tag %u too short", TAG_GROUPS);
	s->ngroups = get_u32(p);
	expect_len(TAG_GROUPS, n, 4 + 4 * (uint64_t)s->ngroups);
	s->groups = xrealloc(NULL, s->ngroups * sizeof *s->groups);
	for (size_t i = 0; i < s->ngroups; i++)
		s->groups[i] = get_u32(p + 4 + 4 * i);
	s->has_groups = 1;
}

static void parse_chown(struct spec *s, const unsigned char *p, size_t n)
{
	if (n < 17 || get_u32(p + 12) > sizeof ((struct chown_rec *)0)->fcap ||
	    (get_u32(p + 12) != 0 && get_u32(p + 12) < 4) || n < 17 + get_u32(p + 12))
		bad("chown record of %zu bytes", n);
	struct chown_rec c = {get_u32(p), get_u32(p + 4), get_u32(p + 8),
			      copy_string(p + 16 + get_u32(p + 12), n - 16 - get_u32(p + 12), TAG_CHOWN),
			      get_u32(p + 12), {0}};
	memcpy(c.fcap, p + 16, c.fcap_len);
	if (c.path[0] == '/' || (c.mode != 0xffffffffu && c.mode > 07777))
		bad("chown record for %s", c.path);
	s->chowns = xrealloc(s->chowns, (s->nchowns + 1) * sizeof c);
	s->chowns[s->nchowns++] = c;
}

static void parse_log_rotate(struct spec *s, const unsigned char *p, size_t n)
{
	(void)n;
	s->log_max_size = get_u64(p), s->log_max_files = get_u32(p + 8);
	if (s->log_max_size == 0 || s->log_max_files == 0 || s->log_max_files > 1000 || get_u32(p + 12) != 0)
		bad("log rotation of %llu bytes x %u files", (unsigned long long)s->log_max_size, s->log_max_files);
}

static void parse_seccomp(struct spec *s, const unsigned char *p, size_t n)
{
	if (n == 0 || n % 8 || n / 8 > 4096)
		bad("seccomp program of %zu bytes", n);
	s->seccomp = xrealloc(NULL, n);
	memcpy(s->seccomp, p, n);
	s->seccomp_len = n, s->has_seccomp = 1;
}

/* Checks of a scalar tag's value, called once it is stored (field points at it). */

static void check_namespaces(unsigned tag, const void *field)
{
	uint64_t ns = *(const uint64_t *)field;
	if (ns & ~(uint64_t)BERTH_NS_FLAGS)
		bad("tag %u has non-namespace flags 0x%llx", tag,
		    (unsigned long long)(ns & ~(uint64_t)BERTH_NS_FLAGS));
}

static void check_umask(unsigned tag, const void *field)
{
	(void)tag;
	uint32_t umask = *(const uint32_t *)field;
	if (umask > 0777)
		bad("umask 0%o out of range", umask);
}

/*
 * What each tag is. Scalars and strings are stored by a descriptor (the member's offset);
 * records have a handler. A tag appears at most once unless its rule says it repeats; a tag
 * without a rule is unknown. Adding a tag is adding its row.
 */
enum kind {
	KIND_NONE,    /* no such tag */
	KIND_U32,     /* 4 bytes into a 32-bit member */
	KIND_U64,     /* 8 bytes into a 64-bit member */
	KIND_STRING,  /* a string into a char * member */
	KIND_STRINGS, /* a string appended to a NULL-terminated char ** member and its count */
	KIND_RECORD,  /* the rule's handler parses it */
};

struct tag_rule {
	enum kind kind;
	int repeats;
	size_t field, count; /* offsets in struct spec of the member and (KIND_STRINGS) the count */
	size_t has;          /* 1 + the offset of the int set to 1 when the tag is present; 0: none */
	size_t len;          /* KIND_RECORD: the payload length it must have; 0: the handler checks */
	void (*parse)(struct spec *s, const unsigned char *p, size_t n);
	void (*check)(unsigned tag, const void *field);
};

/* The offset of member f, which must be size bytes (a wrong row does not compile). */
#define MEMBER(f, size) \
	(offsetof(struct spec, f) + 0 * sizeof(char[sizeof(((struct spec *)0)->f) == (size) ? 1 : -1]))
#define U32(f) .kind = KIND_U32, .field = MEMBER(f, 4)
#define U64(f) .kind = KIND_U64, .field = MEMBER(f, 8)
#define STRING(f) .kind = KIND_STRING, .field = MEMBER(f, sizeof(char *))
#define STRINGS(v, n) .kind = KIND_STRINGS, .field = MEMBER(v, sizeof(char **)), .count = MEMBER(n, sizeof(size_t)), .repeats = 1
#define RECORD(fn) .kind = KIND_RECORD, .parse = fn
#define HAS(f) .has = 1 + MEMBER(f, sizeof(int))

static const struct tag_rule rules[] = {
	[TAG_NAMESPACES] = {U64(namespaces), .check = check_namespaces},
	[TAG_ARG] = {STRINGS(argv, argc)},
	[TAG_ENV] = {STRINGS(envp, envc)},
	[TAG_CWD] = {STRING(cwd)},
	[TAG_HOSTNAME] = {STRING(hostname)},
	[TAG_DOMAINNAME] = {STRING(domainname)},
	[TAG_ROOT] = {STRING(root)},
	[TAG_MOUNT] = {RECORD(parse_mount), .repeats = 1},
	[TAG_RLIMIT] = {RECORD(parse_rlimit), .len = 24, .repeats = 1},
	[TAG_USER] = {RECORD(parse_user), .len = 8},
	[TAG_GROUPS] = {RECORD(parse_groups)},
	[TAG_CAPS] = {U64(caps), HAS(has_caps)},
	[TAG_NO_NEW_PRIVS] = {U32(no_new_privs)},
	[TAG_CGROUP_PROCS] = {STRINGS(cgroup_procs, ncgroup_procs)},
	[TAG_UID_MAP] = {STRING(uid_map)},
	[TAG_GID_MAP] = {STRING(gid_map)},
	[TAG_SETGROUPS] = {STRING(setgroups)},
	[TAG_JOIN] = {U64(join), HAS(has_join), .check = check_namespaces},
	[TAG_DIE_WITH_PARENT] = {U32(die_with_parent)},
	[TAG_UMASK] = {U32(umask), HAS(has_umask), .check = check_umask},
	[TAG_OOM_SCORE_ADJ] = {U32(oom_score_adj), HAS(has_oom)},
	[TAG_SECCOMP] = {RECORD(parse_seccomp)},
	[TAG_LOOPBACK] = {U32(loopback)},
	[TAG_INIT] = {U32(init)},
	[TAG_NETNS] = {STRING(netns)},
	[TAG_NETWORK_GATE] = {U32(network_gate)},
	[TAG_CGROUP_GATE] = {U32(cgroup_gate)},
	[TAG_UID_MAP_PROGRAM] = {STRING(uid_map_program)},
	[TAG_GID_MAP_PROGRAM] = {STRING(gid_map_program)},
	[TAG_CHOWN_ROOT] = {STRING(chown_root)},
	[TAG_CHOWN] = {RECORD(parse_chown), .repeats = 1},
	[TAG_TTY] = {U32(tty)},
	[TAG_CONSOLE] = {U32(console)},
	[TAG_LOG_FILE] = {STRING(log_file)},
	[TAG_EXIT_FILE] = {STRING(exit_file)},
	[TAG_LOG_ROTATE] = {RECORD(parse_log_rotate), .len = 16},
	[TAG_ATTACH] = {U32(attach)},
};

#define NRULES (sizeof rules / sizeof *rules)

/* Applies one record to the spec by its tag's rule. seen: the tags met so far. */
static void parse_record(struct spec *s, unsigned char *seen, unsigned tag, const unsigned char *p, size_t n)
{
	const struct tag_rule *r = tag < NRULES ? &rules[tag] : NULL;
	if (!r || r->kind == KIND_NONE)
		bad("unknown tag %u", tag);
	if (!r->repeats && seen[tag]++)
		bad("duplicate tag %u", tag);
	char *field = (char *)s + r->field;
	switch (r->kind) {
	case KIND_U32: {
		expect_len(tag, n, 4);
		uint32_t v = get_u32(p);
		memcpy(field, &v, sizeof v);
		break;
	}
	case KIND_U64: {
		expect_len(tag, n, 8);
		uint64_t v = get_u64(p);
		memcpy(field, &v, sizeof v);
		break;
	}
	case KIND_STRING:
		*(char **)field = copy_string(p, n, tag);
		break;
	case KIND_STRINGS:
		*(char ***)field = push_string(*(char ***)field, (size_t *)((char *)s + r->count), copy_string(p, n, tag));
		break;
	case KIND_RECORD:
		if (r->len)
			expect_len(tag, n, r->len);
		r->parse(s, p, n);
		break;
	case KIND_NONE:
		break;
	}
	if (r->has)
		*(int *)((char *)s + r->has - 1) = 1;
	if (r->check)
		r->check(tag, field);
}

/* Cross-checks between tags. The dangerous ones would act on the host's namespaces. */
static void check_combinations(const struct spec *s)
{
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
	if (s->cgroup_gate && (s->has_join || !s->ncgroup_procs))
		bad("TAG_CGROUP_GATE needs TAG_CGROUP_PROCS and no TAG_JOIN");
	if (s->log_max_size && !s->log_file)
		bad("TAG_LOG_ROTATE without TAG_LOG_FILE");
	if (s->attach && !s->log_file)
		bad("TAG_ATTACH without TAG_LOG_FILE");
	if (s->console && (!s->tty || s->log_file))
		bad("TAG_CONSOLE needs TAG_TTY and no TAG_LOG_FILE");
	if (s->console && !s->root && !s->has_join)
		bad("TAG_CONSOLE needs TAG_ROOT or TAG_JOIN: the pty is the container's");
}

void parse_spec(struct spec *s, const unsigned char *buf, size_t len)
{
	memset(s, 0, sizeof *s);
	if (len < 8 || get_u32(buf) != SPEC_MAGIC)
		bad("bad magic");
	if (get_u32(buf + 4) != SPEC_VERSION)
		bad("unsupported version %u", get_u32(buf + 4));
	unsigned char seen[NRULES] = {0};
	for (size_t off = 8; off < len;) {
		if (len - off < 8)
			bad("truncated record header at offset %zu", off);
		unsigned tag = buf[off] | buf[off + 1] << 8;
		if (buf[off + 2] || buf[off + 3])
			bad("record reserved field not zero (tag %u)", tag);
		size_t n = get_u32(buf + off + 4);
		if (len - off - 8 < n)
			bad("tag %u payload overruns the spec", tag);
		parse_record(s, seen, tag, buf + off + 8, n);
		off += 8 + n;
	}
	if (!s->envp) /* execve wants a vector, even an empty one */
		s->envp = xrealloc(NULL, sizeof *s->envp), s->envp[0] = NULL;
	check_combinations(s);
}
