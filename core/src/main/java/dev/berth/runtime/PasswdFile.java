package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's {@code /etc/passwd}, parsed as runc's libcontainer/user parses it
 * (<a href="https://man7.org/linux/man-pages/man5/passwd.5.html">passwd(5)</a>). Lines whose uid
 * or gid is not a number are skipped; the first matching entry wins. A missing file is an
 * empty database: numeric users still resolve, names do not.
 */
public final class PasswdFile {
    /** One entry: {@code name:password:uid:gid:gecos:home:shell}. */
    public record Entry(String name, String password, long uid, long gid, String gecos, String home,
            String shell) {
    }

    private static final PasswdFile ABSENT = new PasswdFile(List.of());

    private final List<Entry> entries;

    private PasswdFile(List<Entry> entries) {
        this.entries = entries;
    }

    /** The database from the file's bytes. */
    public static PasswdFile parse(byte[] content) {
        List<Entry> entries = new ArrayList<>();
        for (String[] f : ColonFile.entries(Objects.requireNonNull(content, "content"))) {
            Long uid = ColonFile.number(ColonFile.field(f, 2));
            Long gid = ColonFile.number(ColonFile.field(f, 3));
            if (uid != null && gid != null) {
                entries.add(new Entry(f[0], ColonFile.field(f, 1), uid, gid, ColonFile.field(f, 4),
                        ColonFile.field(f, 5), ColonFile.field(f, 6)));
            }
        }
        return new PasswdFile(List.copyOf(entries));
    }

    /**
     * The database in {@code file}, a path already resolved inside the container's root; an
     * absent or non-regular file gives {@link #absent()}.
     *
     * @throws IOException if it cannot be read, is a symbolic link or is larger than 10 MiB
     */
    public static PasswdFile read(Path file) throws IOException {
        byte[] content = ColonFile.read(file);
        return content == null ? ABSENT : parse(content);
    }

    /** The database of an image without {@code /etc/passwd}. */
    public static PasswdFile absent() {
        return ABSENT;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The first entry named {@code name}. */
    public Optional<Entry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The first entry with {@code uid}. */
    public Optional<Entry> byUid(long uid) {
        return entries.stream().filter(e -> e.uid() == uid).findFirst();
    }
}
