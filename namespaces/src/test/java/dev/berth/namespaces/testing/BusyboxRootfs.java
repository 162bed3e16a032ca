package dev.berth.namespaces.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A minimal root file system made from the host's static busybox (Debian's busybox-static):
 * {@code /bin/busybox}, a symlink per applet, {@code /etc/passwd} and {@code /etc/group} with
 * root, a user 1000 and nobody. Tests build it themselves; nothing comes from a registry.
 */
public final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    /** The host's busybox, skipping the test when there is none or it is not static. */
    public static Path hostBusybox() {
        for (String c : List.of("/bin/busybox", "/usr/bin/busybox")) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Assumptions.abort("busybox is not installed (apt-get install busybox-static)");
        return null;
    }

    /** Builds the root file system in {@code dir} (created if missing) and returns it. */
    public static Path create(Path dir) throws IOException {
        Path busybox = hostBusybox();
        Files.createDirectories(dir);
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root", "home/user")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.copy(busybox, dir.resolve("bin/busybox"));
        Files.setPosixFilePermissions(dir.resolve("bin/busybox"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("tmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        for (String applet : applets(busybox)) {
            Path link = dir.resolve(applet.startsWith("/") ? applet.substring(1) : applet);
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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

    private static List<String> applets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list-full").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("busybox --list-full failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out.lines().filter(l -> !l.isBlank() && !l.equals("bin/busybox")).toList();
    }
}
