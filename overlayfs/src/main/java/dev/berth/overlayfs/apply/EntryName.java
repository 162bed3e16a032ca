package dev.berth.overlayfs.apply;

import dev.berth.overlayfs.LayerException;

/**
 * A tar entry name made relative to the layer root by cleaning it lexically as if it were rooted
 * at {@code /}, as containerd's archive.Apply does ({@code filepath.Clean}, then joined to
 * {@code /}): {@code .} components, repeated and trailing slashes and a leading {@code /} are
 * dropped, and each {@code ..} removes the component before it, or nothing at the root (so
 * {@code ../../x} is {@code x}, clamped to the root as openat2's {@code RESOLVE_IN_ROOT} would).
 * Symlinks are not looked at here; {@link RootedPath} resolves them inside the root. The empty
 * string is the layer root itself.
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
        if (raw.indexOf('\0') >= 0) {
            throw new LayerException(entry, "NUL byte in " + what);
        }
        if (!ascii(raw) && !FILE_NAMES.newEncoder().canEncode(raw)) {
            // Otherwise the JDK would silently write '?' for the characters it cannot encode.
            throw new LayerException(entry, what + " cannot be written in this JVM's file-name encoding "
                    + FILE_NAMES + "; run it under a UTF-8 locale (LANG=C.UTF-8)");
        }
        return clean(raw);
    }

    /** {@code path} cleaned lexically as if rooted at {@code /}, without the leading slash. */
    static String clean(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String c : path.split("/")) {
            if (c.equals("..")) {
                parts.pollLast(); // at the root, '..' is the root
            } else if (!c.isEmpty() && !c.equals(".")) {
                parts.addLast(c);
            }
        }
        return String.join("/", parts);
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
