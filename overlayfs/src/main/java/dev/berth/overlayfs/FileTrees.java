package dev.berth.overlayfs;

import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Removal of a directory tree that may hold hostile content: symlinks are removed, never
 * followed, and directories left unwritable (overlay's {@code work/work} is mode 000, see
 * <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>; a layer may ship 0555
 * directories) are made writable first, so that removal also works without root.
 */
public final class FileTrees {
    private static final Set<PosixFilePermission> OWNER_ALL = Set.copyOf(EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private FileTrees() {
    }

    /**
     * Removes {@code root} and everything below it; a missing root is not an error. Without root,
     * a tree with files of the user's subordinate ids is removed in a user namespace.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            walkDelete(root);
        } catch (java.nio.file.FileSystemException e) {
            if (!ForeignOwnedTree.remove(root)) {
                throw e;
            }
        }
    }

    private static void walkDelete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // Opened up only where needed: a chmod is one more journaled write per directory.
                if (!(attrs instanceof PosixFileAttributes p) || !p.permissions().containsAll(OWNER_ALL)) {
                    Files.setPosixFilePermissions(dir, OWNER_ALL);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                // An unreadable directory (mode 000 and no root): open it up and retry once.
                Files.setPosixFilePermissions(file, EnumSet.allOf(PosixFilePermission.class));
                walkDelete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** syncfs(2) of the file system that holds {@code dir}: everything written there reaches the disk. */
    public static void syncFileSystem(Syscalls sys, Path dir) {
        int fd = sys.open(dir.toString(), Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC, 0);
        try {
            sys.syncfs(fd);
        } finally {
            sys.close(fd);
        }
    }

    /**
     * Whether any of {@code trees} holds a directory or file that this process may not read
     * (without root: one of a subordinate id, mode 0700 or 0600). The walk goes by descriptor
     * ({@link OpenedEntry}): a tree a running container changes is never left.
     */
    public static boolean hasUnreadable(Syscalls sys, List<Path> trees) throws IOException {
        for (Path t : trees) {
            try (OpenedEntry root = OpenedEntry.root(sys, t)) {
                if (hasUnreadable(root)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasUnreadable(OpenedEntry e) throws IOException {
        if (!e.readable()) {
            return true;
        }
        if (e.stat().isDirectory()) {
            for (String name : e.names()) {
                try (OpenedEntry c = e.child(name)) {
                    if (c != null && hasUnreadable(c)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
