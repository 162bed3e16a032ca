package dev.berth.runtime;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Docker/OCI {@code User} value: {@code ""}, {@code user}, {@code uid}, {@code user:group},
 * {@code uid:gid}, {@code user:gid} or {@code uid:group}
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">image-spec
 * config.User</a>), resolved against the container's passwd and group files exactly as runc's
 * <a href="https://github.com/opencontainers/runc/blob/main/libcontainer/user/user.go">GetExecUser</a>
 * does for Docker:
 * <ul>
 *   <li>a number is always an id, never a name, and needs no entry; a name must have one;</li>
 *   <li>the empty user is uid 0, with its entry's gid and home when passwd has one;</li>
 *   <li>without an explicit group the gid is the entry's, and the supplementary groups are the
 *       groups that list the user by name; with one, there are none;</li>
 *   <li>HOME is the entry's home directory, or {@code /} without an entry.</li>
 * </ul>
 */
public final class UserSpec {
    private static final String DEFAULT_HOME = "/";

    private final String value;
    private final String user; // "" when absent
    private final String group; // "" when absent
    private final Long uid; // null when the user is a name or absent
    private final Long gid; // null when the group is a name or absent

    private UserSpec(String value, String user, String group) {
        this.value = value;
        this.user = user;
        this.group = group;
        this.uid = id(user, "user");
        this.gid = id(group, "group");
    }

    /**
     * Parses a User value; null is the empty value.
     *
     * @throws IllegalArgumentException naming the value when it has more than one colon,
     *     blanks or control characters, or an id outside 0 to 2^31-1
     */
    public static UserSpec parse(String value) {
        String v = value == null ? "" : value;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        "user \"" + v + "\" is malformed: it contains a blank or control character");
            }
        }
        int colon = v.indexOf(':');
        if (colon >= 0 && v.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("user \"" + v + "\" is malformed: expected user[:group]");
        }
        return colon < 0 ? new UserSpec(v, v, "") : new UserSpec(v, v.substring(0, colon), v.substring(colon + 1));
    }

    private Long id(String part, String what) {
        Long n = ColonFile.number(part);
        if (n != null && !IdRange.contains(n)) {
            throw new IllegalArgumentException(
                    "user \"" + value + "\" is malformed: " + what + " " + part + ": " + IdRange.RULE);
        }
        return n;
    }

    /** The value as given. */
    public String value() {
        return value;
    }

    /** Resolves the user with no extra groups. */
    public ExecUser resolve(PasswdFile passwd, GroupFile groups) {
        return resolve(passwd, groups, List.of());
    }

    /**
     * Resolves the user; {@code extraGroups} ({@code docker run --group-add}) are names or gids
     * appended to the additional gids.
     *
     * @throws IllegalArgumentException naming the user or group that has no entry
     */
    public ExecUser resolve(PasswdFile passwd, GroupFile groups, List<String> extraGroups) {
        Objects.requireNonNull(passwd, "passwd");
        Objects.requireNonNull(groups, "groups");
        PasswdFile.Entry entry = user.isEmpty() ? passwd.byUid(0).orElse(null)
                : uid != null ? passwd.byUid(uid).orElse(null)
                : passwd.byName(user).orElseThrow(() -> new IllegalArgumentException(
                        "unable to find user " + user + ": no matching entries in passwd file"));

        int resolvedUid = entry != null ? IdRange.check(entry.uid(), "user " + entry.name() + " has uid " + entry.uid())
                : uid != null ? uid.intValue() : 0;
        int resolvedGid = entry != null ? IdRange.check(entry.gid(), "user " + entry.name() + " has gid " + entry.gid()) : 0;
        List<Integer> supplementary = List.of();
        if (!group.isEmpty()) {
            resolvedGid = gid != null ? gid.intValue() : groups.gidOf(group);
        } else if (entry != null) {
            supplementary = groups.gidsListing(entry.name());
        }
        String home = entry != null && !entry.home().isEmpty() ? entry.home() : DEFAULT_HOME;

        // Docker lists the primary gid first, then the supplementary and extra groups.
        Set<Integer> additional = new LinkedHashSet<>();
        additional.add(resolvedGid);
        additional.addAll(supplementary);
        additional.addAll(groups.gidsOf(Objects.requireNonNull(extraGroups, "extraGroups")));
        return new ExecUser(resolvedUid, resolvedGid, List.copyOf(additional), home);
    }

    @Override
    public String toString() {
        return "UserSpec[" + value + "]";
    }
}
