package dev.berth.namespaces.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A minimal root file system made from the host's static busybox (Debian's
 * {@code busybox-static}): {@code /bin/busybox}, a relative symlink per applet, and
 * {@code /etc/passwd} and {@code /etc/group} with root, a user 1000 and nobody. It needs no
 * registry and no network, so it is Berth's embedded default root (the {@code berth demo}
 * image, the samples, the tests). The layout follows the
 * <a href="https://refspecs.linuxfoundation.org/FHS_3.0/fhs/index.html">FHS</a> directories a
 * shell expects.
 */
public final class BusyboxTree {
    private static final List<String> CANDIDATES = List.of("/bin/busybox", "/usr/bin/busybox");

    private BusyboxTree() {
    }

    /** The host's busybox, if installed. */
    public static Optional<Path> hostBusybox() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /**
     * Builds the tree in {@code dir} (created if missing) and returns it.
     *
     * @throws IOException naming the fix when the host has no busybox, or when it is not static
     */
    public static Path create(Path dir) throws IOException {
        Path busybox = hostBusybox().orElseThrow(() -> new IOException(
                "no busybox on this host (looked for " + String.join(", ", CANDIDATES)
                        + "): install it with `apt-get install busybox-static`"));
        Files.createDirectories(dir);
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root",
                "home/user")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.copy(busybox, dir.resolve("bin/busybox"));
        Files.setPosixFilePermissions(dir.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        for (String applet : applets(busybox)) {
            Path link = dir.resolve(applet.startsWith("/") ? applet.substring(1) : applet);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(link.getParent());
                // Relative, so the tree is self-contained wherever it lies on the host.
                Files.createSymbolicLink(link, link.getParent().relativize(dir.resolve("bin/busybox")));
            }
        }
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "user:x:1000:1000:user:/home/user:/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nuser:x:1000:\nnogroup:x:65534:\n");
        return dir;
    }

    /** The applet paths {@code busybox --list-full} prints; a dynamic busybox fails here or later, in the container. */
    private static List<String> applets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list-full").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(busybox + " --list-full failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing busybox applets", e);
        }
        return out.lines().filter(l -> !l.isBlank() && !l.equals("bin/busybox")).toList();
    }
}
