package dev.berth.namespaces.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One step of a launched process's file-system set-up, executed by the stage-1 helper inside
 * the new mount namespace, before {@code pivot_root}, in the order given. {@code target} is an
 * absolute path inside the new root; the helper resolves it without leaving the root. The
 * fields map one to one onto the helper's wire format ({@code stage1/protocol.h}); the
 * factories are what callers use. Flags are mount(2)'s MS_* bits
 * (<a href="https://man7.org/linux/man-pages/man2/mount.2.html">mount(2)</a>).
 */
public record Mount(Op op, int options, long flags, int mode, long dev,
        String source, String target, String fstype, String data) {

    /** The helper's operations, numbered as in protocol.h. */
    public enum Op {
        MOUNT(1), BIND(2), OVERLAY(3), MKNOD(4), SYMLINK(5), MASK(6), READONLY(7), REMOUNT(8), MKDIR(9);

        private final int code;

        Op(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public static final int OPTIONAL = 1;
    public static final int MKDIR = 2;
    public static final int MKFILE = 4;
    public static final int BIND_REMOUNT = 8;

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_RELATIME = 1L << 21;
    public static final long MS_STRICTATIME = 1L << 24;

    public Mount {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("mount target must be an absolute path in the container: " + target);
        }
        for (String s : new String[] {source, target, fstype, data}) {
            if (s != null && s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("mount " + target + ": NUL byte in " + s);
            }
        }
    }

    /** Binds host path {@code source} on {@code target}, recursively, read-only if asked. */
    public static Mount bind(Path source, String target, boolean readOnly) {
        long flags = MS_BIND | MS_REC | (readOnly ? MS_RDONLY : 0);
        int options = java.nio.file.Files.isDirectory(source) ? MKDIR : MKFILE;
        return new Mount(Op.BIND, options, flags, 0, 0, source.toString(), target, null, null);
    }

    /** Binds with explicit MS_* flags and options (MKDIR or MKFILE for a missing target). */
    public static Mount bind(Path source, String target, long flags, int options) {
        return new Mount(Op.BIND, options, MS_BIND | flags, 0, 0, source.toString(), target, null, null);
    }

    /** A tmpfs with mount(2) data such as {@code mode=1777,size=64m}. */
    public static Mount tmpfs(String target, long flags, String data) {
        return new Mount(Op.MOUNT, MKDIR, flags, 0, 0, "tmpfs", target, "tmpfs", data);
    }

    /** Any file system: mount(source, target, fstype, flags, data), the target made if missing. */
    public static Mount of(String fstype, String source, String target, long flags, String data) {
        return new Mount(Op.MOUNT, MKDIR, flags, 0, 0, source, target, fstype, data);
    }

    /** An overlay of {@code lowers} (highest first) on {@code target} with extra options. */
    public static Mount overlay(List<Path> lowers, String target, String data) {
        String src = lowers.stream().map(Path::toString).collect(Collectors.joining("\n"));
        return new Mount(Op.OVERLAY, 0, 0, 0, 0, src, target, "overlay", data == null ? "" : data);
    }

    /** A device node: mode includes the type bits (S_IFCHR); dev is makedev(major, minor). */
    public static Mount mknod(String target, int mode, int major, int minor) {
        return new Mount(Op.MKNOD, 0, 0, mode, makedev(major, minor), null, target, null, null);
    }

    /** A symlink at {@code target} pointing to {@code linkText}. */
    public static Mount symlink(String linkText, String target) {
        return new Mount(Op.SYMLINK, 0, 0, 0, 0, linkText, target, null, null);
    }

    /** Hides {@code target}: /dev/null over a file, an empty read-only tmpfs over a directory. */
    public static Mount mask(String target) {
        return new Mount(Op.MASK, OPTIONAL, 0, 0, 0, null, target, null, null);
    }

    /** Makes {@code target} read-only (if it exists). */
    public static Mount readOnly(String target) {
        return new Mount(Op.READONLY, OPTIONAL, 0, 0, 0, null, target, null, null);
    }

    /** A bind remount of {@code target} with {@code flags}. */
    public static Mount remount(String target, long flags) {
        return new Mount(Op.REMOUNT, BIND_REMOUNT, flags, 0, 0, null, target, null, null);
    }

    /** A directory (and its parents) with {@code mode}. */
    public static Mount mkdir(String target, int mode) {
        return new Mount(Op.MKDIR, 0, 0, mode, 0, null, target, null, null);
    }

    /** The kernel's encoding of a device number (as glibc's makedev). */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }
}
