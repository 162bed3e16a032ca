package dev.berth.namespaces.userns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranges {@code /etc/subuid} or {@code /etc/subgid} grant one user: lines
 * {@code NAME_OR_ID:START:COUNT}, as
 * <a href="https://man7.org/linux/man-pages/man5/subuid.5.html">subuid(5)</a> defines them.
 * Malformed lines are skipped, as shadow's own tools skip them.
 */
public final class SubordinateIds {
    private SubordinateIds() {
    }

    /** The ranges of the user called {@code name} with id {@code id} in {@code file}; empty without the file. */
    public static List<IdMapping> read(Path file, String name, long id) throws IOException {
        try {
            return parse(Files.readString(file), name, id);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** The ranges for {@code name}/{@code id} in the file's text, each as an outside range starting inside at 0. */
    public static List<IdMapping> parse(String text, String name, long id) {
        List<IdMapping> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(":");
            if (f.length != 3 || !(f[0].equals(name) || f[0].equals(Long.toString(id)))) {
                continue;
            }
            try {
                long start = Long.parseLong(f[1]);
                long count = Long.parseLong(f[2]);
                if (count > 0) {
                    out.add(new IdMapping(0, start, count));
                }
            } catch (IllegalArgumentException e) {
                // not a number or out of range: skipped
            }
        }
        return out;
    }
}
