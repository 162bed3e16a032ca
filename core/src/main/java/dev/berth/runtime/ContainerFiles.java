package dev.berth.runtime;

import dev.berth.PathStat;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Copies files into and out of a running container, as {@code docker cp} and the Engine API's
 * archive endpoints do
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/PutContainerArchive">PUT
 * /containers/{id}/archive</a>). The work runs on a Java thread joined to the container's mount
 * namespace, whose root is the container's root: every path, and every symlink met on the way,
 * resolves inside the container, as it would for a process in it, so a link such as
 * {@code /etc -> /host/etc} can never reach the host. Host files are opened before the thread
 * joins, and the thread only sees streams.
 *
 * <p>A thread in the container's root cannot load classes from the host's class path, so this
 * class loads everything it uses before the first join.
 */
public final class ContainerFiles implements ContainerCopy {
    static {
        warmUp();
    }

    private final RootAccess root;

    /** Copies through {@code root}, the container's root as a thread's root. */
    public ContainerFiles(RootAccess root) {
        this.root = root;
    }

    @Override
    public void write(String path, InputStream content, long size, int mode) throws Exception {
        root.call(() -> {
            Path file = absolute(path);
            Files.createDirectories(file.getParent());
            Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING); // replaces a symlink, never follows it
            Files.setPosixFilePermissions(file, permissions(mode));
            return null;
        });
    }

    @Override
    public void read(String path, OutputStream out) throws Exception {
        root.call(() -> {
            try (InputStream in = Files.newInputStream(absolute(path))) {
                in.transferTo(out);
            }
            return null;
        });
    }

    @Override
    public void extract(InputStream archive, String dir) throws Exception {
        root.call(() -> {
            unpack(archive, absolute(dir));
            return null;
        });
    }

    @Override
    public void archive(String path, OutputStream out) throws Exception {
        root.call(() -> {
            pack(absolute(path), out);
            return null;
        });
    }

    @Override
    public Optional<PathStat> stat(String path) throws Exception {
        return root.call(() -> statOf(absolute(path)));
    }

    static Optional<PathStat> statOf(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        String link = "";
        if (Files.isSymbolicLink(p)) {
            // As dockerd: where the link leads inside the container (this thread's root), or its text when dangling.
            Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
            link = Files.exists(p) ? p.toRealPath().toString() : target.toString();
        }
        String name = p.getFileName() == null ? "/" : p.getFileName().toString();
        return Optional.of(new PathStat(name, (Long) a.get("size"), (Integer) a.get("mode"),
                ((FileTime) a.get("lastModifiedTime")).toInstant(), link));
    }

    private static Path absolute(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute container path: " + path);
        }
        return Path.of(path).normalize();
    }

    static void unpack(InputStream archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        TarArchiveInputStream tar = new TarArchiveInputStream(archive);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            Path target = dir.resolve(e.getName()).normalize();
            if (!target.startsWith(dir) || Path.of(e.getName()).isAbsolute()) {
                throw new IOException("tar entry " + e.getName() + " leaves " + dir);
            }
            if (!target.equals(dir)) {
                Files.createDirectories(target.getParent());
            }
            if (e.isDirectory()) {
                Files.createDirectories(target);
            } else if (e.isSymbolicLink()) {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                continue;
            } else if (e.isFile()) {
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                continue; // devices, fifos and hard links are not copied
            }
            Files.setPosixFilePermissions(target, permissions(e.getMode()));
            Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    static void pack(Path source, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        Path base = source.getParent() == null ? source : source.getParent();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
            paths = walk.sorted().toList();
        }
        for (Path p : paths) {
            String name = base.relativize(p).toString();
            if (name.isEmpty()) {
                continue; // the root itself ("/"): its entries are named from it, as docker export's are
            }
            TarArchiveEntry e;
            if (Files.isSymbolicLink(p)) {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
            } else {
                e = new TarArchiveEntry(p.toFile(), name);
            }
            e.setMode((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
            e.setUserId((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            e.setGroupId((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            tar.putArchiveEntry(e);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(p, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /** Runs every code path once on the host, so that the joined thread needs no class loading. */
    private static void warmUp() {
        try {
            Path dir = Files.createTempDirectory("berth-cp-warm");
            try {
                Path tree = Files.createDirectories(dir.resolve("a/b"));
                Files.writeString(tree.resolve("f"), "x");
                Files.createSymbolicLink(tree.resolve("l"), Path.of("f"));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                pack(dir.resolve("a"), bytes);
                unpack(new ByteArrayInputStream(bytes.toByteArray()), dir.resolve("out"));
                Files.copy(new ByteArrayInputStream(new byte[1]), dir.resolve("c"), StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(dir.resolve("c"), permissions(0644));
                try (InputStream in = Files.newInputStream(dir.resolve("c"))) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                statOf(tree.resolve("l"));
                statOf(tree.resolve("gone"));
                absolute("/x");
            } finally {
                dev.berth.overlayfs.FileTrees.delete(dir);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare container copies", e);
        }
    }
}
