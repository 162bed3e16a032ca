package dev.berth.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The colon-separated line format shared by passwd(5) and group(5), read the way runc's
 * libcontainer/user reads it: surrounding blanks trimmed, blank and {@code #} lines skipped,
 * missing trailing fields empty.
 */
final class ColonFile {
    /** Larger files are refused, as runc caps its reads (a container controls these files). */
    static final int MAX_BYTES = 10 << 20;

    private ColonFile() {
    }

    /** The fields of each entry line. */
    static List<String[]> entries(byte[] content) {
        List<String[]> out = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && trimmed.charAt(0) != '#') {
                out.add(trimmed.split(":", -1));
            }
        }
        return out;
    }

    static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }

    /**
     * The bytes of {@code file}, or null when it does not exist or is not a regular file (runc
     * then treats the database as absent). The caller resolves the path inside the container's
     * root; a symbolic link here is refused rather than followed on the host.
     */
    static byte[] read(Path file) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (attrs.isSymbolicLink()) {
            throw new IOException(file + " is a symbolic link; resolve it inside the container's root first");
        }
        if (!attrs.isRegularFile()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /**
     * A decimal id as Go's strconv.Atoi reads it: optional sign, then digits. Null when the text
     * is not a number (so it is a name); {@link Long#MIN_VALUE} when it is a number too large for
     * a long, which is out of range like any other.
     */
    static Long number(String text) {
        if (!text.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(text.charAt(0) == '+' ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
