package dev.berth.runtime;

import dev.berth.PathStat;
import java.util.Optional;

import dev.berth.ExecResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker cp} for a container without root, through the container's own {@code tar}, as
 * {@code kubectl cp} does: a rootless container's mount namespace belongs to its user namespace,
 * which a JVM (it has threads) cannot join, so the work is done by a {@code tar} exec'd in the
 * container as its root. Paths and symlinks therefore resolve inside the container, as with
 * {@link ContainerFiles}; the host only writes and reads tar streams. Needs a {@code tar} in
 * the image (busybox's or GNU's).
 */
public final class ContainerTar implements ContainerCopy {
    /** Runs a command in the container as its root with {@code stdin} fed and stdout to {@code stdout} (null: collected). */
    @FunctionalInterface
    public interface Exec {
        ExecResult run(List<String> command, InputStream stdin, OutputStream stdout);
    }

    private final Exec exec;

    /** Copies through the tar that {@code exec} runs in the container. */
    public ContainerTar(Exec exec) {
        this.exec = exec;
    }

    @Override
    public void write(String path, InputStream content, long size, int mode) throws IOException {
        String rel = relative(path);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e = new TarArchiveEntry(rel);
            e.setSize(size);
            e.setMode(mode);
            tar.putArchiveEntry(e);
            content.transferTo(tar);
            tar.closeArchiveEntry();
        }
        extract(new ByteArrayInputStream(bytes.toByteArray()), "/");
    }

    @Override
    public void read(String path, OutputStream out) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        archive(path, archive);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null || !e.isFile()) {
                throw new IOException(path + " is not a regular file in the container");
            }
            tar.transferTo(out);
        }
    }

    @Override
    public void extract(InputStream archive, String dir) throws IOException {
        check(exec.run(List.of("tar", "-x", "-p", "-f", "-", "-C", absolute(dir)), archive, null), "unpack into " + dir);
    }

    @Override
    public void archive(String path, OutputStream out) throws IOException {
        Path p = Path.of(absolute(path)).normalize();
        String parent = p.getParent() == null ? "/" : p.getParent().toString();
        String name = p.getFileName() == null ? "." : p.getFileName().toString();
        check(exec.run(List.of("tar", "-c", "-f", "-", "-C", parent, name), null, out), "archive " + path);
    }

    /** From the first entry of the path's archive: tar reports what it is without following it. */
    @Override
    public Optional<PathStat> stat(String path) throws IOException {
        Path p = Path.of(absolute(path)).normalize();
        String parent = p.getParent() == null ? "/" : p.getParent().toString();
        String name = p.getFileName() == null ? "." : p.getFileName().toString();
        ExecResult test = exec.run(List.of("test", "-e", p.toString(), "-o", "-L", p.toString()), null, null);
        if (test.exitCode() == 1) {
            return Optional.empty();
        }
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        // Only the head of the archive is needed, but tar has no portable way to stop after one entry.
        check(exec.run(List.of("tar", "-c", "-f", "-", "-C", parent, name), null, archive), "stat " + path);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null) {
                return Optional.empty();
            }
            int type = e.isDirectory() ? PathStat.DIRECTORY : e.isSymbolicLink() ? PathStat.SYMLINK : 0100000;
            String link = e.isSymbolicLink() ? p.getParent().resolve(e.getLinkName()).normalize().toString() : "";
            long size = e.isSymbolicLink() ? e.getLinkName().length() : e.getSize();
            return Optional.of(new PathStat(p.getFileName() == null ? "/" : name, size, type | (e.getMode() & 07777),
                    e.getModTime().toInstant(), link));
        }
    }

    private static void check(ExecResult r, String what) throws IOException {
        if (r.exitCode() != 0) {
            String why = r.exitCode() == 127 ? "the image has no tar, which copying without root needs"
                    : "tar exited with " + r.exitCode() + ": " + r.stderr().strip();
            throw new IOException("cannot " + what + " in the container: " + why);
        }
    }

    private static String absolute(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute container path: " + path);
        }
        return path;
    }

    private static String relative(String path) {
        String p = Path.of(absolute(path)).normalize().toString().substring(1);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("cannot write a file at the container's root: " + path);
        }
        return p;
    }
}
