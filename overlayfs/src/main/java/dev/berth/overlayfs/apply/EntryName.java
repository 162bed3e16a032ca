package dev.berth.overlayfs.apply;

import dev.berth.overlayfs.LayerException;

/**
 * A tar entry name made relative to the layer root: leading {@code ./} and {@code .}
 * components dropped, trailing slashes removed. Absolute names and any {@code ..} component are
 * refused rather than rewritten, since no honest layer contains them. The empty string is the
 * layer root itself.
 */
final class EntryName {
    /** The JVM's encoding of file names (and, with it, JNA's): UTF-8 only under a UTF-8 locale. */
    private static final java.nio.charset.Charset FILE_NAMES = fileNameCharset();

    private EntryName() {
    }

    private static java.nio.charset.Charset fileNameCharset() {
        try {
            return java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
    }

    /** The normalised form of {@code raw}, a name or link target of entry {@code entry}. */
    static String normalise(String entry, String raw, String what) throws LayerException {
        if (raw.isEmpty()) {
            throw new LayerException(entry, "empty " + what);
        }
        if (raw.startsWith("/")) {
            throw new LayerException(entry, "absolute " + what + " (layers hold relative names only)");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new LayerException(entry, "NUL byte in " + what);
        }
        if (!ascii(raw) && !FILE_NAMES.newEncoder().canEncode(raw)) {
            // Otherwise the JDK would silently write '?' for the characters it cannot encode.
            throw new LayerException(entry, what + " cannot be written in this JVM's file-name encoding "
                    + FILE_NAMES + "; run it under a UTF-8 locale (LANG=C.UTF-8)");
        }
        StringBuilder out = new StringBuilder(raw.length());
        int start = 0;
        int n = raw.length();
        while (start <= n) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            int len = end - start;
            if (len == 2 && raw.charAt(start) == '.' && raw.charAt(start + 1) == '.') {
                throw new LayerException(entry, "'..' in " + what + " (could reach outside the layer)");
            }
            if (len > 0 && !(len == 1 && raw.charAt(start) == '.')) {
                if (out.length() > 0) {
                    out.append('/');
                }
                out.append(raw, start, end);
            }
            start = end + 1;
        }
        return out.toString();
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The directory part of a normalised name ("" for a top-level name). */
    static String parent(String name) {
        int i = name.lastIndexOf('/');
        return i < 0 ? "" : name.substring(0, i);
    }

    /** The last component of a normalised name. */
    static String base(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** {@code dir/base}, or {@code base} at the root. */
    static String child(String dir, String base) {
        return dir.isEmpty() ? base : dir + "/" + base;
    }
}
