package dev.berth.namespaces.linux;

/**
 * What <a href="https://man7.org/linux/man-pages/man2/statx.2.html">statx(2)</a> says about one
 * file: type and mode, owner, size, mtime in nanoseconds, link count, and the device numbers in
 * the C library's {@code dev_t} encoding (as {@code st_rdev} and {@code st_dev} of stat(2)).
 */
public record FileStatus(int mode, int uid, int gid, long size, long mtimeNanos, long rdev, long dev, long ino,
        int nlink) {

    /** glibc's gnu_dev_makedev: the {@code dev_t} of a major and minor number. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & 0xfffff000L) << 32) | (minor & 0xffL) | ((minor & 0xffffff00L) << 12);
    }
}
