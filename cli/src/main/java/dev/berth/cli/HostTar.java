package dev.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The host's side of {@code berth cp}: packs a host file or tree into a tar for a container, and
 * unpacks a container's tar onto the host. The tar from a container is hostile (its processes
 * write what it holds): no entry may name a path outside the destination, none is written
 * through a symlink (an earlier entry may have made one), and set-id bits are dropped.
 */
final class HostTar {
    private HostTar() {
    }

    /**
     * Writes {@code source} (and a directory's tree; symlinks as symlinks) as a tar whose names
     * start with {@code topName}, or, when it is null, name a directory's children directly.
     * Owners are root's unless {@code keepOwners} ({@code cp -a}).
     */
    static void pack(Path source, String topName, boolean keepOwners, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        if (topName == null) {
            for (Path child : children(source)) {
                packTree(tar, child, child.getFileName().toString(), keepOwners);
            }
        } else {
            packTree(tar, source, topName, keepOwners);
        }
        tar.finish();
        tar.flush();
    }

    /** Writes the entry of directory {@code source} alone, named {@code name}: a new directory with its mode. */
    static void packDirectoryEntry(Path source, String name, boolean keepOwners, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        writeEntry(tar, source, name, keepOwners);
        tar.finish();
        tar.flush();
    }

    private static void packTree(TarArchiveOutputStream tar, Path p, String name, boolean keepOwners) throws IOException {
        writeEntry(tar, p, name, keepOwners);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            for (Path child : children(p)) {
                packTree(tar, child, name + "/" + child.getFileName(), keepOwners);
            }
        }
    }

    private static void writeEntry(TarArchiveOutputStream tar, Path p, String name, boolean keepOwners) throws IOException {
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry e;
        if (Files.isSymbolicLink(p)) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else {
            e = new TarArchiveEntry(p, dir ? name + "/" : name, LinkOption.NOFOLLOW_LINKS);
        }
        e.setMode((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
        if (keepOwners) {
            e.setUserId((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            e.setGroupId((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        } else {
            e.setUserId(0);
            e.setGroupId(0);
        }
        e.setUserName("");
        e.setGroupName("");
        tar.putArchiveEntry(e);
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(list::add);
        }
        list.sort(null);
        return list;
    }

    /**
     * Unpacks {@code in} into directory {@code into}: the first name of each entry replaced by
     * {@code topName} when it is not null, or dropped when {@code stripTop} (a directory's
     * contents). Owners are the caller's unless {@code keepOwners}.
     *
     * @throws IOException naming an entry that leaves {@code into} or would be written through a symlink
     */
    static void unpack(InputStream in, Path into, String topName, boolean stripTop, boolean keepOwners) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            String name = rename(e.getName(), topName, stripTop);
            if (name == null) {
                continue;
            }
            Path target = into.resolve(name).normalize();
            if (!target.startsWith(into) || target.equals(into) && !e.isDirectory()) {
                throw new IOException("refusing archive entry \"" + e.getName() + "\": it leaves " + into);
            }
            checkNoSymlinkBetween(into, target.getParent(), e.getName());
            if (!target.equals(into)) {
                write(tar, e, target, into);
            }
            if (keepOwners && !target.equals(into)) {
                Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static void write(TarArchiveInputStream tar, TarArchiveEntry e, Path target, Path into) throws IOException {
        if (e.isDirectory()) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(target);
                Files.createDirectory(target);
            }
        } else if (e.isSymbolicLink()) {
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            return; // a symlink's mode is not its own
        } else if (e.isLink()) {
            Path source = into.resolve(rename(e.getLinkName(), null, false)).normalize();
            if (!source.startsWith(into)) {
                throw new IOException("refusing hard link \"" + e.getName() + "\" to \"" + e.getLinkName() + "\": it leaves " + into);
            }
            checkNoSymlinkBetween(into, source.getParent(), e.getLinkName());
            Files.deleteIfExists(target);
            Files.createLink(target, source);
            return;
        } else if (e.isFile()) {
            if (Files.isSymbolicLink(target)) {
                Files.delete(target); // replaced, never written through
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                tar.transferTo(out);
            }
        } else {
            System.err.println("berth: skipped " + e.getName() + ": device nodes and fifos are not copied to the host");
            return;
        }
        Files.setPosixFilePermissions(target, permissions(e.getMode()));
        Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(e.getLastModifiedDate().toInstant()));
    }

    /** The entry's name with its first component replaced or dropped; null for the dropped top itself. */
    private static String rename(String entryName, String topName, boolean stripTop) throws IOException {
        String name = entryName.replaceFirst("^(\\./)+", "").replaceFirst("/+$", "");
        if (name.startsWith("/") || List.of(name.split("/")).contains("..")) {
            throw new IOException("refusing archive entry \"" + entryName + "\": absolute or with \"..\"");
        }
        int slash = name.indexOf('/');
        String rest = slash < 0 ? "" : name.substring(slash);
        if (stripTop) {
            return rest.isEmpty() ? null : rest.substring(1);
        }
        return topName == null ? name : topName + rest;
    }

    /** Walks from {@code into} down to {@code dir}, making missing directories, refusing a symlink or a file on the way. */
    private static void checkNoSymlinkBetween(Path into, Path dir, String entry) throws IOException {
        Path current = into;
        for (Path name : into.relativize(dir)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                throw new IOException("refusing archive entry \"" + entry + "\": it would be written through the symlink " + current);
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(current.toString(), null, "not a directory");
            }
        }
    }

    /** The permission bits only: set-user-ID, set-group-ID and sticky bits from a container are dropped. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }
}
