package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A container's {@code /etc/group}, parsed as runc's libcontainer/user parses it
 * (<a href="https://man7.org/linux/man-pages/man5/group.5.html">group(5)</a>). Lines whose gid is
 * not a number are skipped; the first matching entry wins. A missing file is an empty database.
 */
public final class GroupFile {
    /** One entry: {@code name:password:gid:member,member,...}. */
    public record Entry(String name, String password, long gid, List<String> members) {
        public Entry {
            members = List.copyOf(members);
        }
    }

    private static final GroupFile ABSENT = new GroupFile(List.of());

    private final List<Entry> entries;

    private GroupFile(List<Entry> entries) {
        this.entries = entries;
    }

    /** The database from the file's bytes. */
    public static GroupFile parse(byte[] content) {
        List<Entry> entries = new ArrayList<>();
        for (String[] f : ColonFile.entries(Objects.requireNonNull(content, "content"))) {
            Long gid = ColonFile.number(ColonFile.field(f, 2));
            if (gid != null) {
                String members = ColonFile.field(f, 3);
                entries.add(new Entry(f[0], ColonFile.field(f, 1), gid,
                        members.isEmpty() ? List.of() : List.of(members.split(",", -1))));
            }
        }
        return new GroupFile(List.copyOf(entries));
    }

    /**
     * The database in {@code file}, a path already resolved inside the container's root; an
     * absent or non-regular file gives {@link #absent()}.
     *
     * @throws IOException if it cannot be read, is a symbolic link or is larger than 10 MiB
     */
    public static GroupFile read(Path file) throws IOException {
        byte[] content = ColonFile.read(file);
        return content == null ? ABSENT : parse(content);
    }

    /** The database of an image without {@code /etc/group}. */
    public static GroupFile absent() {
        return ABSENT;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The first entry named {@code name}. */
    public Optional<Entry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The first entry with {@code gid}. */
    public Optional<Entry> byGid(long gid) {
        return entries.stream().filter(e -> e.gid() == gid).findFirst();
    }

    /** The gids of the groups that list {@code user} as a member, in file order. */
    public List<Integer> gidsListing(String user) {
        List<Integer> gids = new ArrayList<>();
        for (Entry e : entries) {
            if (e.members().contains(user)) {
                gids.add(IdRange.check(e.gid(), "group " + e.name() + " has gid " + e.gid()));
            }
        }
        return gids;
    }

    /**
     * The gid of a group named by name or number: a name must exist, a number need not, as
     * runc's GetExecUser treats the group of a {@code user:group} value.
     */
    public int gidOf(String group) {
        Long number = ColonFile.number(group);
        if (number != null) {
            return IdRange.check(number, "group " + group);
        }
        Entry e = byName(group).orElseThrow(() -> new IllegalArgumentException(
                "unable to find group " + group + ": no matching entries in group file"));
        return IdRange.check(e.gid(), "group " + group + " has gid " + e.gid());
    }

    /**
     * The gids of extra groups ({@code docker run --group-add}), each by name or number, as
     * runc's GetAdditionalGroups resolves them: duplicates dropped, order kept.
     */
    public List<Integer> gidsOf(List<String> groups) {
        Set<Integer> gids = new LinkedHashSet<>();
        for (String g : groups) {
            gids.add(gidOf(g));
        }
        return List.copyOf(gids);
    }
}
