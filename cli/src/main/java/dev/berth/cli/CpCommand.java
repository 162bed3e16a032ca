package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.PathStat;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cp}: copies files between a container and the host, either way, with docker's
 * rules (<a href="https://docs.docker.com/reference/cli/docker/container/cp/">docker cp</a>): a
 * directory lands inside an existing directory, or becomes the destination when that does not
 * exist; {@code SRC/.} copies a directory's contents; {@code -} is a tar on stdin or stdout.
 * Container paths resolve inside its root; what comes out of a container is unpacked without
 * following a symlink and without set-id bits (see {@link HostTar}).
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local filesystem")
final class CpCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
    boolean followLink;

    @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy (berth prints none)")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SRC_PATH")
    String source;

    @Parameters(index = "1", paramLabel = "DEST_PATH")
    String destination;

    /** {@code CONTAINER:PATH}, as docker splits it: a local path starts with / or ., or has no colon. */
    private record Location(String container, String path) {
        static Location parse(String arg) {
            int colon = arg.indexOf(':');
            if (arg.startsWith("/") || arg.startsWith(".") || colon <= 0) {
                return new Location(null, arg);
            }
            return new Location(arg.substring(0, colon), arg.substring(colon + 1));
        }

        boolean inContainer() {
            return container != null;
        }
    }

    @Override
    public Integer call() throws Exception {
        Location from = Location.parse(source);
        Location to = Location.parse(destination);
        if (from.inContainer() && to.inContainer()) {
            throw new IllegalArgumentException("copying between containers is not supported");
        }
        if (!from.inContainer() && !to.inContainer()) {
            throw new IllegalArgumentException("must specify at least one container source");
        }
        try (Berth berth = top.open()) {
            if (from.inContainer()) {
                fromContainer(Containers.find(berth, from.container()), absolute(from.path()), to.path());
            } else {
                toContainer(from.path(), Containers.find(berth, to.container()), to);
            }
            return 0;
        }
    }

    private void fromContainer(Container c, String asked, String dest) throws Exception {
        String path = asked;
        PathStat stat = c.statPath(path).orElseThrow(() ->
                new IllegalArgumentException("Could not find the file " + asked + " in container " + c.name()));
        if (followLink && stat.isSymlink() && !stat.linkTarget().isEmpty()) {
            path = stat.linkTarget();
            String followed = path;
            stat = c.statPath(path).orElseThrow(() ->
                    new IllegalArgumentException("Could not find the file " + followed + " in container " + c.name()));
        }
        if (dest.equals("-")) {
            c.copyArchiveFrom(path, System.out);
            System.out.flush();
            return;
        }
        Path target = Path.of(dest).toAbsolutePath().normalize();
        boolean contents = stat.isDirectory() && (path.endsWith("/.") || path.equals("/"));
        String copied = path;
        if (Files.isDirectory(target)) {
            unpack(c, copied, target, null, contents);
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (stat.isDirectory()) {
                throw new IllegalArgumentException("cannot copy directory");
            }
            unpack(c, copied, target.getParent(), target.getFileName().toString(), false);
        } else {
            if (dest.endsWith("/") && !stat.isDirectory()) {
                throw new IllegalArgumentException("destination directory " + dest + " must exist");
            }
            if (!Files.isDirectory(target.getParent())) {
                throw new IllegalArgumentException("no such directory: " + target.getParent());
            }
            if (contents) {
                Files.createDirectory(target);
                unpack(c, copied, target, null, true);
            } else {
                unpack(c, copied, target.getParent(), target.getFileName().toString(), false);
            }
        }
    }

    /** Streams the container's tar of {@code path} into {@link HostTar#unpack}. */
    private void unpack(Container c, String path, Path into, String topName, boolean contents) throws Exception {
        try (PipedInputStream in = new PipedInputStream(1 << 16); PipedOutputStream out = new PipedOutputStream(in)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try (out) {
                    c.copyArchiveFrom(path.equals("/") ? "/" : path.replaceFirst("/\\.$", ""), out);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                HostTar.unpack(in, into, path.equals("/") ? null : topName, contents && !path.equals("/"), archive);
                in.transferTo(java.io.OutputStream.nullOutputStream()); // the tar's padding, so the writer ends
            } finally {
                try {
                    writing.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
    }

    private void toContainer(String local, Container c, Location to) throws Exception {
        String dest = absolute(to.path());
        java.util.Optional<PathStat> destStat = c.statPath(dest);
        if (local.equals("-")) {
            if (destStat.isEmpty() || !destStat.get().isDirectory()) {
                throw new IllegalArgumentException("destination \"" + to.container() + ":" + to.path() + "\" must be a directory");
            }
            c.copyArchiveTo(System.in, dest);
            return;
        }
        Path src = Path.of(local).toAbsolutePath().normalize();
        if (followLink && Files.isSymbolicLink(src)) {
            src = src.toRealPath();
        }
        if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no such file or directory: " + local);
        }
        boolean srcDir = Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS);
        boolean contents = srcDir && (local.endsWith("/.") || local.equals("."));
        String into;
        String topName;
        if (destStat.isPresent() && destStat.get().isDirectory()) {
            into = dest;
            topName = contents ? null : src.getFileName().toString();
        } else if (destStat.isPresent()) {
            if (srcDir) {
                throw new IllegalArgumentException("cannot copy directory");
            }
            into = parent(dest);
            topName = Path.of(dest).getFileName().toString();
        } else {
            if (to.path().endsWith("/") && !srcDir) {
                throw new IllegalArgumentException("destination directory " + to.path() + " must exist");
            }
            if (contents) {
                // the contents go into a new directory: make it with the source's mode first
                pipe(c, src, Path.of(dest).getFileName().toString(), true, parent(dest));
                topName = null;
                into = dest;
            } else {
                into = parent(dest);
                topName = Path.of(dest).getFileName().toString();
            }
        }
        pipe(c, src, topName, false, into);
    }

    /** Packs {@code src} on a thread and unpacks it in the container at {@code into}. */
    private void pipe(Container c, Path src, String topName, boolean directoryOnly, String into) throws Exception {
        Path source = src;
        try (PipedInputStream in = new PipedInputStream(1 << 16); PipedOutputStream out = new PipedOutputStream(in)) {
            CompletableFuture<Void> packing = CompletableFuture.runAsync(() -> {
                try (out) {
                    if (directoryOnly) {
                        HostTar.packDirectoryEntry(source, topName, archive, out);
                    } else {
                        HostTar.pack(source, topName, archive, out);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            c.copyArchiveTo(in, into);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            try {
                packing.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private static String parent(String path) {
        Path parent = Path.of(path).getParent();
        return parent == null ? "/" : parent.toString();
    }

    /** A container path as docker takes it: relative ones from the root. */
    private static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }
}
