package dev.berth.overlayfs;

import dev.berth.namespaces.linux.FileStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What <a href="https://man7.org/linux/man-pages/man2/lstat.2.html">lstat(2)</a> says about one file, from the JDK's {@code unix:*} attributes: the fields a layer
 * keeps (type and mode, owner, size, mtime, device number) and those that identify hardlinks.
 */
public record FileStat(int mode, int uid, int gid, long size, long mtimeNanos, long rdev, long dev, long ino, int nlink) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;

    /** lstat of {@code p}: a symlink is described, never followed. */
    public static FileStat of(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,rdev,dev,ino,nlink",
                LinkOption.NOFOLLOW_LINKS);
        Instant t = ((FileTime) a.get("lastModifiedTime")).toInstant();
        return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("size"), t.getEpochSecond() * 1_000_000_000L + t.getNano(), (Long) a.get("rdev"),
                (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"));
    }

    /** The same fields from a statx(2) answer. */
    public static FileStat of(FileStatus s) {
        return new FileStat(s.mode(), s.uid(), s.gid(), s.size(), s.mtimeNanos(), s.rdev(), s.dev(), s.ino(), s.nlink());
    }

    public int type() {
        return mode & S_IFMT;
    }

    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    /** An overlay whiteout: a 0:0 character device. */
    public boolean isWhiteout() {
        return Whiteouts.isWhiteoutDevice(mode, rdev);
    }

    /** The major number of a device (glibc's gnu_dev_major). */
    public int major() {
        return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL));
    }

    /** The minor number of a device (glibc's gnu_dev_minor). */
    public int minor() {
        return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL));
    }
}
