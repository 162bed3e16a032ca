package dev.berth.overlayfs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory tree described entry by entry (type, mode, owner, and link target, device number
 * or content hash), so that two trees can be compared with assertEquals and the difference read.
 * Times are left out: they are not part of what a round trip must keep exactly.
 */
public final class Trees {
    private Trees() {
    }

    /** relative path → description; the root itself is "." */
    public static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(p -> {
                String rel = root.relativize(p).toString();
                out.put(rel.isEmpty() ? "." : rel, describeOne(p));
            });
        }
        return out;
    }

    public static String describeOne(Path p) {
        return describeType(p) + xattrs(p);
    }

    /** The user.* xattrs, which layers carry; the overlay's own are not listed through a mount. */
    private static String xattrs(Path p) {
        dev.berth.namespaces.linux.Syscalls sys = dev.berth.namespaces.linux.LinuxSyscalls.get();
        StringBuilder sb = new StringBuilder();
        for (String name : new java.util.TreeSet<>(sys.llistxattr(p.toString()))) {
            if (name.startsWith("user.") && !name.startsWith("user.overlay.")) {
                sb.append(" ").append(name).append("=").append(HexFormat.of().formatHex(sys.lgetxattr(p.toString(), name)));
            }
        }
        return sb.toString();
    }

    private static String describeType(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,size", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            String owner = a.get("uid") + ":" + a.get("gid");
            String perm = String.format("%04o", mode & 07777);
            switch (mode & 0170000) {
                case 0040000:
                    return "dir " + perm + " " + owner;
                case 0120000:
                    return "symlink " + owner + " -> " + Files.readSymbolicLink(p);
                case 0100000:
                    return "file " + perm + " " + owner + " " + a.get("size") + " " + hash(Files.readAllBytes(p));
                case 0020000:
                    return "chardev " + perm + " " + owner + " " + a.get("rdev");
                case 0060000:
                    return "blockdev " + perm + " " + owner + " " + a.get("rdev");
                case 0010000:
                    return "fifo " + perm + " " + owner;
                default:
                    return "other " + Integer.toOctalString(mode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
