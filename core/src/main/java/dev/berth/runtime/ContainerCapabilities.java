package dev.berth.runtime;

import dev.berth.namespaces.launch.Capability;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The capabilities a container's root user gets: podman's default set (Docker's without
 * {@code NET_RAW}, {@code MKNOD} and {@code AUDIT_WRITE}), so that what images do as root —
 * {@code chown}, binding port 80, package managers dropping privileges — works, while nothing
 * that reaches beyond the container (mounts, modules, raw network, devices) is granted; then
 * {@code --cap-add} and {@code --cap-drop}, where {@code ALL} names every one
 * (<a href="https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities">runtime privilege</a>).
 * A container user other than root gets none, as in Docker: the bounding set is emptied too.
 */
public final class ContainerCapabilities {
    /** What a container's root has unless told otherwise. */
    public static final Set<Capability> DEFAULT = Set.copyOf(EnumSet.of(Capability.CHOWN, Capability.DAC_OVERRIDE,
            Capability.FOWNER, Capability.FSETID, Capability.KILL, Capability.NET_BIND_SERVICE, Capability.SETFCAP,
            Capability.SETGID, Capability.SETPCAP, Capability.SETUID, Capability.SYS_CHROOT));

    private ContainerCapabilities() {
    }

    /**
     * The default set with {@code add} added, then {@code drop} removed (Docker applies drops
     * last), as sorted names; a name may carry {@code CAP_} and any case.
     *
     * @throws IllegalArgumentException naming a capability that does not exist
     */
    public static List<String> resolve(Collection<String> add, Collection<String> drop) {
        EnumSet<Capability> caps = EnumSet.copyOf(DEFAULT);
        for (String a : add) {
            if (a.equalsIgnoreCase("ALL")) {
                caps = EnumSet.allOf(Capability.class);
            } else {
                caps.add(Capability.parse(a));
            }
        }
        for (String d : drop) {
            if (d.equalsIgnoreCase("ALL")) {
                caps.clear();
            } else {
                caps.remove(Capability.parse(d));
            }
        }
        return caps.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** What the process of {@code uid} gets of {@code names} (null: the default): nothing unless it is root. */
    public static Set<Capability> forUser(int uid, List<String> names) {
        if (uid != 0) {
            return Set.of();
        }
        if (names == null) {
            return DEFAULT;
        }
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        names.forEach(n -> caps.add(Capability.parse(n)));
        return caps;
    }
}
