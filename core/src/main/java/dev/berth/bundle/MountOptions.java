package dev.berth.bundle;

import dev.berth.namespaces.launch.Mount;
import java.util.ArrayList;
import java.util.List;

/** The runtime spec's mount options ({@code ro}, {@code nosuid}, ...) and the mount(2) flags they stand for. */
final class MountOptions {
    private MountOptions() {
    }

    /** The options for {@code flags}. */
    static List<String> of(long flags) {
        List<String> o = new ArrayList<>();
        if ((flags & Mount.MS_RDONLY) != 0) {
            o.add("ro");
        }
        if ((flags & Mount.MS_NOSUID) != 0) {
            o.add("nosuid");
        }
        if ((flags & Mount.MS_NODEV) != 0) {
            o.add("nodev");
        }
        if ((flags & Mount.MS_NOEXEC) != 0) {
            o.add("noexec");
        }
        return o;
    }

    /** The flags of {@code options}; options that are mount(2) data ({@code mode=...}) or unknown add none. */
    static long flags(List<String> options) {
        long f = 0;
        for (String o : options) {
            f |= switch (o) {
                case "ro" -> Mount.MS_RDONLY;
                case "nosuid" -> Mount.MS_NOSUID;
                case "nodev" -> Mount.MS_NODEV;
                case "noexec" -> Mount.MS_NOEXEC;
                case "rbind" -> Mount.MS_REC;
                default -> 0;
            };
        }
        return f;
    }
}
