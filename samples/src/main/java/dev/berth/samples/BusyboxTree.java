package dev.berth.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's embedded default root: a tree made from the host's static busybox (Debian's
 * busybox-static), so the demo needs no registry and no network.
 */
final class BusyboxTree {
    private BusyboxTree() {
    }

    static Path hostBusybox() {
        for (String c : List.of("/bin/busybox", "/usr/bin/busybox")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException("no busybox on this host: install it with `apt-get install busybox-static`");
    }

    /** Builds the tree in {@code dir}: busybox, its applet links, /etc/passwd and /etc/group. */
    static Path create(Path dir) throws IOException, InterruptedException {
        Path busybox = hostBusybox();
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(busybox, dir.resolve("bin/busybox"));
        Process list = new ProcessBuilder(busybox.toString(), "--list-full").start();
        List<String> applets = new String(list.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
        if (!list.waitFor(30, TimeUnit.SECONDS) || list.exitValue() != 0) {
            throw new IOException(busybox + " --list-full failed");
        }
        for (String applet : applets) {
            Path link = dir.resolve(applet);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(link.getParent());
                // Relative, so the tree is self-contained wherever it lies on the host.
                Files.createSymbolicLink(link, link.getParent().relativize(dir.resolve("bin/busybox")));
            }
        }
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        return dir;
    }
}
