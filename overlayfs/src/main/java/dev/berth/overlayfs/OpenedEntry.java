package dev.berth.overlayfs;

import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a tree that hostile processes may change while it is read (a running
 * container's upper directory or copied root), held by an {@code O_PATH} descriptor. A child is
 * opened from its parent's descriptor by openat(2) of its one name with {@code O_NOFOLLOW} (a
 * name that is not a single component is refused), so no symlink is ever followed and nothing
 * outside the tree is reached, whatever is renamed or swapped meanwhile. Its status comes from
 * the descriptor itself (statx of the descriptor), so what is read is always the file that was
 * described. Content, listing and xattrs are read
 * through {@code /proc/self/fd/N}, which the kernel resolves to the descriptor's own file
 * without walking a path; a regular file is reopened only after its status says it is one, so a
 * device node or fifo swapped in is never opened.
 *
 * <p>If a name is replaced between the listing and the open, the entry is what the name holds
 * at the open: it is in the tree, and the container could as well have made that change a
 * moment earlier. A name that disappeared gives no entry.
 */
public final class OpenedEntry implements AutoCloseable {
    private static final int PATH_FLAGS = Syscalls.O_PATH | Syscalls.O_NOFOLLOW | Syscalls.O_CLOEXEC;

    private final Syscalls sys;
    private final int fd;
    private final String path;
    private final FileStat stat;
    private boolean closed;

    private OpenedEntry(Syscalls sys, int fd, String path) {
        this.sys = sys;
        this.fd = fd;
        this.path = path;
        FileStat st;
        try {
            st = FileStat.of(sys.statx(fd, "", Syscalls.AT_EMPTY_PATH | Syscalls.AT_SYMLINK_NOFOLLOW));
        } catch (RuntimeException e) {
            sys.close(fd);
            throw e;
        }
        this.stat = st;
    }

    /** The directory {@code dir} itself, the top of the tree (a symlink there is refused). */
    public static OpenedEntry root(Syscalls sys, Path dir) throws IOException {
        int fd;
        try {
            fd = sys.open(dir.toString(), PATH_FLAGS | Syscalls.O_DIRECTORY, 0);
        } catch (SyscallException e) {
            throw new IOException("cannot open directory " + dir + ": " + e.getMessage(), e);
        }
        return new OpenedEntry(sys, fd, dir.toString());
    }

    /**
     * Child {@code name} (one component, as a listing gives it) of this directory, as it is now;
     * null when there is none any more.
     */
    public OpenedEntry child(String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a name in a directory: '" + name + "' in " + path);
        }
        String p = path + "/" + name;
        int child;
        try {
            // One name, never a path, with O_NOFOLLOW: nothing is resolved but that name in this
            // directory, as openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS would, without the
            // cost of its struct per file.
            child = sys.openat(fd, name, PATH_FLAGS, 0);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw new IOException("cannot open " + p + ": " + e.getMessage(), e);
        }
        return new OpenedEntry(sys, child, p);
    }

    /** lstat(2) of the entry, taken from its descriptor. */
    public FileStat stat() {
        return stat;
    }

    /** Where the entry was found, for messages. */
    public String path() {
        return path;
    }

    /** The names in this directory, sorted. */
    public List<String> names() throws IOException {
        requireType(FileStat.S_IFDIR, "a directory");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(self())) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path, null, "cannot list it");
        }
        names.sort(null);
        return names;
    }

    /** The content of this regular file, from the descriptor's own file. */
    public InputStream content() throws IOException {
        requireType(FileStat.S_IFREG, "a regular file");
        try {
            return Files.newInputStream(self());
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path, null, "cannot read it");
        }
    }

    /** The target of this symlink. */
    public String linkTarget() {
        requireType(FileStat.S_IFLNK, "a symlink");
        return sys.readlinkat(fd, "");
    }

    /** The names of this entry's xattrs. */
    public List<String> xattrNames() {
        return sys.flistxattr(fd);
    }

    /** One xattr of this entry; null when it has none of that name. */
    public byte[] xattr(String name) {
        return sys.fgetxattr(fd, name);
    }

    /**
     * Whether this process may read the entry: list and search a directory, read a regular file
     * (access(2) of the descriptor's own file); other types need no reading.
     */
    public boolean readable() {
        if (stat.isDirectory()) {
            return Files.isReadable(self()) && Files.isExecutable(self());
        }
        return !stat.isRegular() || Files.isReadable(self());
    }

    private Path self() {
        return Path.of("/proc/self/fd/" + fd);
    }

    private void requireType(int type, String what) {
        if (stat.type() != type) {
            throw new IllegalStateException(path + " is not " + what);
        }
    }

    /** The error for a tree that a running process changed under the walk in a way it cannot follow. */
    public static IOException changed(String path) {
        return new IOException(path + " changed while it was being committed");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sys.close(fd);
        }
    }
}
