package dev.berth.namespaces.userns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The uid and gid maps of a rootless container's user namespace, as podman makes them: the
 * invoking user is the container's root, and the ranges {@code /etc/subuid} and
 * {@code /etc/subgid} grant it follow from id 1 up. Without such ranges, or without the setuid
 * {@code newuidmap}/{@code newgidmap} that may write them, the map is the user's own id alone
 * (the only map an unprivileged process may write itself), and {@code setgroups} is denied as the
 * kernel then requires
 * (<a href="https://man7.org/linux/man-pages/man7/user_namespaces.7.html">user_namespaces(7)</a>).
 * Immutable.
 */
public final class UserNamespaceMap {
    private static volatile UserNamespaceMap current;

    private final List<IdMapping> uids;
    private final List<IdMapping> gids;
    private final Path uidProgram;
    private final Path gidProgram;
    private final boolean denySetgroups;

    private UserNamespaceMap(List<IdMapping> uids, List<IdMapping> gids, Path uidProgram, Path gidProgram,
            boolean denySetgroups) {
        if (uids.isEmpty() || gids.isEmpty()) {
            throw new IllegalArgumentException("a user namespace map needs at least one uid and one gid mapping");
        }
        this.uids = List.copyOf(uids);
        this.gids = List.copyOf(gids);
        this.uidProgram = uidProgram;
        this.gidProgram = gidProgram;
        this.denySetgroups = denySetgroups;
    }

    /**
     * Maps only {@code uid} and {@code gid}, as container root; no helper program needed, and
     * setgroups is denied (which the kernel requires of a gid_map written without privileges).
     */
    public static UserNamespaceMap single(long uid, long gid) {
        return new UserNamespaceMap(List.of(new IdMapping(0, uid, 1)), List.of(new IdMapping(0, gid, 1)), null, null,
                true);
    }

    /**
     * Maps written by the launching process itself, setgroups allowed: only a process with
     * CAP_SETUID and CAP_SETGID (root) may write more than its own ids this way.
     */
    public static UserNamespaceMap direct(List<IdMapping> uids, List<IdMapping> gids) {
        return new UserNamespaceMap(uids, gids, null, null, false);
    }

    /**
     * Explicit maps written with {@code newuidmap} and {@code newgidmap} at the given paths (the
     * kernel and those programs check that this user may use them).
     */
    public static UserNamespaceMap withPrograms(List<IdMapping> uids, List<IdMapping> gids, Path newuidmap, Path newgidmap) {
        return new UserNamespaceMap(uids, gids, Objects.requireNonNull(newuidmap), Objects.requireNonNull(newgidmap),
                false);
    }

    /** The map for this process's user (read once per JVM). */
    public static UserNamespaceMap ofCurrentUser() {
        UserNamespaceMap m = current;
        if (m == null) {
            try {
                String status = Files.readString(Path.of("/proc/self/status"));
                long[] ids = InvokingUser.realIds(status);
                if (ids[0] == 0 && mayMapOthers(status)) {
                    m = ownNamespace(Files.readString(Path.of("/proc/self/uid_map")),
                            Files.readString(Path.of("/proc/self/gid_map")));
                    current = m;
                    return m;
                }
                m = forUser(InvokingUser.name(ids[0]), ids[0], ids[1], Path.of("/etc/subuid"), Path.of("/etc/subgid"),
                        InvokingUser.program("newuidmap"), InvokingUser.program("newgidmap"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read this process's ids or /etc/subuid", e);
            }
            current = m;
        }
        return m;
    }

    /**
     * The map of root without CAP_SYS_ADMIN (root in the user namespace of a pod with
     * {@code hostUsers: false}): every id this namespace has, as itself. Root there holds
     * CAP_SETUID and CAP_SETGID, with which the kernel lets it write such maps for a nested
     * namespace without {@code newuidmap}; files keep the owners they have in the pod.
     *
     * @param uidMap this process's {@code /proc/self/uid_map}
     * @param gidMap its {@code /proc/self/gid_map}
     */
    public static UserNamespaceMap ownNamespace(String uidMap, String gidMap) {
        return direct(identity(uidMap), identity(gidMap));
    }

    private static List<IdMapping> identity(String map) {
        List<IdMapping> out = new ArrayList<>();
        for (String line : map.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                out.add(new IdMapping(Long.parseLong(f[0]), Long.parseLong(f[0]), Long.parseLong(f[2])));
            }
        }
        return out;
    }

    /** Whether CapEff of {@code status} holds CAP_SETUID (bit 7) and CAP_SETGID (bit 6). */
    private static boolean mayMapOthers(String status) {
        return status.lines().filter(l -> l.startsWith("CapEff:")).findFirst()
                .map(l -> new java.math.BigInteger(l.substring(7).trim(), 16))
                .map(c -> c.testBit(7) && c.testBit(6)).orElse(false);
    }

    /**
     * The map for user {@code name} ({@code uid}, {@code gid}): full when both files grant it
     * ranges and both programs exist (null when missing), else {@link #single}.
     */
    public static UserNamespaceMap forUser(String name, long uid, long gid, Path subuid, Path subgid,
            Path newuidmap, Path newgidmap) throws IOException {
        List<IdMapping> subUids = SubordinateIds.read(subuid, name, uid);
        List<IdMapping> subGids = SubordinateIds.read(subgid, name, uid);
        if (subUids.isEmpty() || subGids.isEmpty() || newuidmap == null || newgidmap == null) {
            return single(uid, gid);
        }
        return withPrograms(stack(uid, subUids), stack(gid, subGids), newuidmap, newgidmap);
    }

    /**
     * Own id as 0, then the ranges one after another from 1, each host id once. The files may
     * repeat a line or overlap ranges (two tools each added the user, or the user's own id lies in
     * its range): shadow's {@code newuidmap} accepts that, but the kernel refuses a map whose
     * outside ranges overlap (EINVAL), so what an earlier range or the own id already maps is cut
     * out of a later one. A file without repeats maps exactly as written.
     */
    private static List<IdMapping> stack(long own, List<IdMapping> ranges) {
        List<IdMapping> out = new ArrayList<>();
        out.add(new IdMapping(0, own, 1));
        long next = 1;
        for (IdMapping r : ranges) {
            for (long[] piece : uncovered(r.outside(), r.outside() + r.count(), out)) {
                long count = piece[1] - piece[0];
                if (next + count > 1L << 32) {
                    return out;
                }
                out.add(new IdMapping(next, piece[0], count));
                next += count;
            }
        }
        return out;
    }

    /** The parts of outside ids [from, to) that no mapping in {@code taken} covers, in ascending order. */
    private static List<long[]> uncovered(long from, long to, List<IdMapping> taken) {
        List<long[]> parts = new ArrayList<>(List.of(new long[] {from, to}));
        for (IdMapping t : taken) {
            long tFrom = t.outside();
            long tTo = t.outside() + t.count();
            List<long[]> rest = new ArrayList<>();
            for (long[] p : parts) {
                if (tTo <= p[0] || tFrom >= p[1]) {
                    rest.add(p);
                    continue;
                }
                if (p[0] < tFrom) {
                    rest.add(new long[] {p[0], tFrom});
                }
                if (tTo < p[1]) {
                    rest.add(new long[] {tTo, p[1]});
                }
            }
            parts = rest;
        }
        return parts;
    }

    public List<IdMapping> uids() {
        return uids;
    }

    public List<IdMapping> gids() {
        return gids;
    }

    /** Whether the maps are written by {@code newuidmap}/{@code newgidmap}. */
    public boolean usesPrograms() {
        return uidProgram != null;
    }

    /** Whether setgroups is denied in the namespace, so that no supplementary groups can be set. */
    public boolean deniesSetgroups() {
        return denySetgroups;
    }

    /** newuidmap's path, or null when the map is written directly. */
    public Path uidProgram() {
        return uidProgram;
    }

    /** newgidmap's path, or null when the map is written directly. */
    public Path gidProgram() {
        return gidProgram;
    }

    /** Whether only the user's own ids are mapped (container root alone). */
    public boolean isSingle() {
        return uids.size() == 1 && uids.get(0).count() == 1;
    }

    /** The host uid of container uid {@code id}, or empty when it is not mapped. */
    public OptionalLong hostUid(long id) {
        return outside(uids, id);
    }

    /** The host gid of container gid {@code id}, or empty when it is not mapped. */
    public OptionalLong hostGid(long id) {
        return outside(gids, id);
    }

    /** The container uid of host uid {@code id}, or empty when it is not mapped. */
    public OptionalLong containerUid(long id) {
        return inside(uids, id);
    }

    /** The container gid of host gid {@code id}, or empty when it is not mapped. */
    public OptionalLong containerGid(long id) {
        return inside(gids, id);
    }

    /** The uid_map text. */
    public String uidMap() {
        return text(uids);
    }

    /** The gid_map text. */
    public String gidMap() {
        return text(gids);
    }

    /** The highest container uid and gid both maps cover, for messages. */
    public long size() {
        return Math.min(total(uids), total(gids));
    }

    private static long total(List<IdMapping> m) {
        return m.stream().mapToLong(IdMapping::count).sum();
    }

    private static OptionalLong outside(List<IdMapping> map, long id) {
        for (IdMapping m : map) {
            if (m.mapsInside(id)) {
                return OptionalLong.of(m.outside() + id - m.inside());
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong inside(List<IdMapping> map, long id) {
        for (IdMapping m : map) {
            if (m.mapsOutside(id)) {
                return OptionalLong.of(m.inside() + id - m.outside());
            }
        }
        return OptionalLong.empty();
    }

    private static String text(List<IdMapping> map) {
        StringBuilder b = new StringBuilder();
        map.forEach(m -> b.append(m.line()).append('\n'));
        return b.toString();
    }

    @Override
    public String toString() {
        return "uid_map " + uidMap().trim().replace('\n', ',') + "; gid_map " + gidMap().trim().replace('\n', ',')
                + (usesPrograms() ? " (newuidmap/newgidmap)" : denySetgroups ? " (own ids only)" : "");
    }
}
