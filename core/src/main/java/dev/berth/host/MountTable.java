package dev.berth.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mounts of {@code /proc/self/mountinfo}: for each, where it is mounted, which part of its
 * file system it shows, its type and whether it is read-only.
 *
 * @see <a href="https://docs.kernel.org/filesystems/proc.html#proc-pid-mountinfo-information-about-mounts">
 *      /proc/&lt;pid&gt;/mountinfo</a>
 */
final class MountTable {
    /** One line of mountinfo. */
    record Entry(String root, String mountPoint, String fsType, boolean readOnly) {
    }

    private final List<Entry> entries;

    private MountTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static MountTable parse(String mountinfo) {
        List<Entry> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 6 || dash < 6 || dash + 1 >= f.length) {
                continue;
            }
            boolean ro = List.of(f[5].split(",")).contains("ro");
            out.add(new Entry(unescape(f[3]), unescape(f[4]), f[dash + 1], ro));
        }
        return new MountTable(out);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The mount a path lies on: the last mounted one whose mount point is the path or an ancestor. */
    Optional<Entry> containing(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Entry found = null;
        int depth = -1;
        for (Entry e : entries) {
            Path mp = Path.of(e.mountPoint());
            if (p.startsWith(mp) && mp.getNameCount() >= depth) {
                found = e;
                depth = mp.getNameCount();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The entries of one file system type. */
    List<Entry> ofType(String fsType) {
        return entries.stream().filter(e -> e.fsType().equals(fsType)).toList();
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
