package dev.berth.namespaces.launch;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.seccomp.SeccompCompiler;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the stage-1 helper's spec: a header and tagged records, little-endian, exactly as
 * {@code namespaces/src/main/c/stage1/protocol.h} defines them. Java decides everything here;
 * the helper only executes.
 */
public final class SpecEncoder {
    static final int MAGIC = 0x31545242;
    static final int VERSION = 1;

    static final int TAG_NAMESPACES = 1;
    static final int TAG_ARG = 2;
    static final int TAG_ENV = 3;
    static final int TAG_CWD = 4;
    static final int TAG_HOSTNAME = 5;
    static final int TAG_ROOT = 7;
    static final int TAG_MOUNT = 8;
    static final int TAG_RLIMIT = 9;
    static final int TAG_USER = 10;
    static final int TAG_GROUPS = 11;
    static final int TAG_CAPS = 12;
    static final int TAG_NO_NEW_PRIVS = 13;
    static final int TAG_CGROUP_PROCS = 14;
    static final int TAG_JOIN = 18;
    static final int TAG_DIE_WITH_PARENT = 19;
    static final int TAG_UMASK = 20;
    static final int TAG_SECCOMP = 22;
    static final int TAG_LOOPBACK = 23;
    static final int TAG_INIT = 24;
    static final int TAG_NETNS = 25;
    static final int TAG_NETWORK_GATE = 26;
    static final int TAG_CGROUP_GATE = 27;
    static final int TAG_TTY = 40;
    static final int TAG_CONSOLE = 41;
    static final int TAG_LOG_FILE = 45;
    static final int TAG_EXIT_FILE = 46;
    static final int TAG_LOG_ROTATE = 47;
    static final int TAG_ATTACH = 48;
    static final int TAG_UID_MAP = 15;
    static final int TAG_GID_MAP = 16;
    static final int TAG_SETGROUPS = 17;
    static final int TAG_UID_MAP_PROGRAM = 30;
    static final int TAG_GID_MAP_PROGRAM = 31;
    static final int TAG_CHOWN_ROOT = 32;
    static final int TAG_CHOWN = 33;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    private SpecEncoder() {
        out.writeBytes(le(8).putInt(MAGIC).putInt(VERSION).array());
    }

    /**
     * The spec bytes for {@code spec} with its mount plan, the cgroup.procs files to join, and
     * (join mode) the namespace flags to join from the pidfd passed on the join descriptor.
     */
    public static byte[] encode(ProcessSpec spec, List<Mount> plan, List<String> cgroupProcs, int joinFlags) {
        return encode(spec, plan, cgroupProcs, joinFlags, UserNamespaceLaunch.of(spec, false));
    }

    static byte[] encode(ProcessSpec spec, List<Mount> plan, List<String> cgroupProcs, int joinFlags,
            UserNamespaceLaunch userns) {
        return encode(spec, plan, cgroupProcs, joinFlags, userns, false);
    }

    /**
     * As above; {@code cgroupGate}: the groups of {@code cgroupProcs} are made while the helper
     * starts, and it waits for Java's 'C' on the gate descriptor before it opens their files.
     */
    static byte[] encode(ProcessSpec spec, List<Mount> plan, List<String> cgroupProcs, int joinFlags,
            UserNamespaceLaunch userns, boolean cgroupGate) {
        SpecEncoder e = new SpecEncoder();
        e.namespaces(spec.linux().namespaces(), joinFlags, userns);
        e.process(spec.process(), userns);
        if (spec.hostname() != null) {
            e.string(TAG_HOSTNAME, spec.hostname());
        }
        if (spec.root() != null) {
            e.string(TAG_ROOT, spec.root().path().mountPoint().toString());
        }
        for (Mount m : plan) {
            e.mount(m);
        }
        for (String p : cgroupProcs) {
            e.string(TAG_CGROUP_PROCS, p);
        }
        if (cgroupGate) {
            e.u32(TAG_CGROUP_GATE, 1);
        }
        e.io(spec.io());
        if (!spec.linux().seccomp().isUnconfined()) {
            e.record(TAG_SECCOMP, ByteBuffer.wrap(
                    SeccompCompiler.forThisHost(spec.linux().seccomp(), spec.process().capabilities())));
        }
        return e.out.toByteArray();
    }

    /** New namespaces and the user namespace's maps, or (join mode) the namespaces joined; the network's set-up. */
    private void namespaces(ProcessSpec.Namespaces ns, int joinFlags, UserNamespaceLaunch userns) {
        if (joinFlags != 0) {
            u64(TAG_JOIN, joinFlags & 0xffffffffL);
        } else {
            u64(TAG_NAMESPACES, Namespace.Type.flags(userns.namespaces()) & 0xffffffffL);
            if (userns.map() != null) {
                maps(userns.map());
            }
            if (ns.created().contains(Namespace.Type.NET)) {
                u32(TAG_LOOPBACK, 1);
            }
        }
        if (ns.networkPath() != null) {
            string(TAG_NETNS, ns.networkPath());
        }
        if (ns.networkGate() != null) {
            u32(TAG_NETWORK_GATE, 1);
        }
    }

    /** The command, its environment and working directory, its ids, capabilities and limits. */
    private void process(ProcessSpec.Process p, UserNamespaceLaunch userns) {
        for (String a : p.args()) {
            string(TAG_ARG, a);
        }
        for (String v : p.env()) {
            string(TAG_ENV, v);
        }
        string(TAG_CWD, p.cwd());
        for (Rlimit r : p.rlimits()) {
            record(TAG_RLIMIT, le(24).putInt(r.type().number()).putInt(0).putLong(r.soft()).putLong(r.hard()));
        }
        record(TAG_USER, le(8).putInt(p.user().uid()).putInt(p.user().gid()));
        // The groups as the user namespace launch leaves them (none when joining an unprivileged map).
        ByteBuffer g = le(4 + 4 * userns.groups().size()).putInt(userns.groups().size());
        userns.groups().forEach(g::putInt);
        record(TAG_GROUPS, g);
        long caps = 0;
        for (Capability c : p.capabilities()) {
            caps |= 1L << c.bit();
        }
        u64(TAG_CAPS, caps);
        u32(TAG_NO_NEW_PRIVS, p.noNewPrivileges() ? 1 : 0);
        if (p.user().umask() != null) {
            u32(TAG_UMASK, p.user().umask());
        }
        if (p.init()) {
            u32(TAG_INIT, 1);
        }
        if (p.terminal()) {
            u32(TAG_TTY, 1);
        }
    }

    /** The helper's own part: its lifetime, and the log and exit files it writes. */
    private void io(ProcessSpec.Io io) {
        u32(TAG_DIE_WITH_PARENT, io.dieWithParent() ? 1 : 0);
        if (io.console()) {
            u32(TAG_CONSOLE, 1);
        }
        if (io.log() != null) {
            string(TAG_LOG_FILE, io.log().file().toString());
            if (io.log().maxSize() > 0) {
                record(TAG_LOG_ROTATE, le(16).putLong(io.log().maxSize()).putInt(io.log().maxFiles()).putInt(0));
            }
            if (io.attach()) {
                u32(TAG_ATTACH, 1);
            }
        }
        if (io.exitFile() != null) {
            string(TAG_EXIT_FILE, io.exitFile().toString());
        }
    }

    /** The id maps: through newuidmap/newgidmap, or written directly (after setgroups "deny" for a single map). */
    private void maps(UserNamespaceMap map) {
        if (map.usesPrograms()) {
            string(TAG_UID_MAP_PROGRAM, map.uidProgram().toString());
            string(TAG_GID_MAP_PROGRAM, map.gidProgram().toString());
        }
        if (map.deniesSetgroups()) {
            string(TAG_SETGROUPS, "deny");
        }
        string(TAG_UID_MAP, map.uidMap());
        string(TAG_GID_MAP, map.gidMap());
    }

    /**
     * The spec of an ownership pass: a process in a new user namespace with {@code map} that, as
     * its root, gives each entry below {@code root} its owner and exits (no command runs).
     */
    public static byte[] encodeOwnership(UserNamespaceMap map, Path root, List<OwnerChange> changes) {
        SpecEncoder e = new SpecEncoder();
        e.u64(TAG_NAMESPACES, Namespace.Type.USER.cloneFlag() & 0xffffffffL);
        e.maps(map);
        e.string(TAG_CHOWN_ROOT, root.toString());
        for (OwnerChange c : changes) {
            byte[] path = bytes(c.path(), TAG_CHOWN);
            byte[] cap = c.capability() == null ? new byte[0] : c.capability();
            e.record(TAG_CHOWN, le(16 + cap.length + path.length).putInt((int) c.uid()).putInt((int) c.gid())
                    .putInt(c.mode() < 0 ? -1 : c.mode()).putInt(cap.length).put(cap).put(path));
        }
        e.u32(TAG_DIE_WITH_PARENT, 1);
        return e.out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void record(int tag, ByteBuffer payload) {
        byte[] p = payload.array();
        out.writeBytes(le(8).putShort((short) tag).putShort((short) 0).putInt(p.length).array());
        out.writeBytes(p);
    }

    private void u32(int tag, int v) {
        record(tag, le(4).putInt(v));
    }

    private void u64(int tag, long v) {
        record(tag, le(8).putLong(v));
    }

    private void string(int tag, String s) {
        byte[] b = bytes(s, tag);
        record(tag, ByteBuffer.wrap(b));
    }

    private static byte[] bytes(String s, int tag) {
        byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("NUL byte in spec string (tag " + tag + "): " + s);
            }
        }
        return b;
    }

    private void mount(Mount m) {
        byte[][] strings = {bytes(m.source(), TAG_MOUNT), bytes(m.target(), TAG_MOUNT),
            bytes(m.fstype(), TAG_MOUNT), bytes(m.data(), TAG_MOUNT)};
        int size = 32;
        for (byte[] s : strings) {
            size += 4 + s.length;
        }
        ByteBuffer b = le(size).putInt(m.op().code()).putInt(m.options()).putLong(m.flags())
                .putInt(m.mode()).putInt(0).putLong(m.dev());
        for (byte[] s : strings) {
            b.putInt(s.length).put(s);
        }
        record(TAG_MOUNT, b);
    }
}
