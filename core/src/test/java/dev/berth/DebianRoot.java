package dev.berth;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A Debian minbase root file system made by {@code debootstrap --variant=minbase} from the
 * host's mirror, as a tar (without {@code /dev}, which a container gets anyway), cached under
 * {@code /var/tmp/berth-test-debian/} for the suite and mirror it was made from: made once per
 * machine, under a file lock so that two test JVMs never make it at once.
 */
final class DebianRoot {
    private static final Path CACHE = Path.of("/var/tmp/berth-test-debian");

    private DebianRoot() {
    }

    /** The tar for {@code suite} from {@code mirror}; empty (with the reason) when debootstrap is missing or fails. */
    static Path tar(String suite, URI mirror, StringBuilder why) throws IOException, InterruptedException {
        Files.createDirectories(CACHE);
        String stamp = "debootstrap --variant=minbase " + suite + " " + mirror + "\n";
        String name = suite + "-minbase-" + dev.berth.image.Digest.sha256(stamp.getBytes()).encoded().substring(0, 12);
        Path tar = CACHE.resolve(name + ".tar");
        try (FileChannel ch = FileChannel.open(CACHE.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            if (Files.isRegularFile(tar)) {
                return tar;
            }
            if (run(List.of("sh", "-c", "command -v debootstrap")) != 0) {
                why.append("debootstrap is not installed (apt-get install debootstrap)");
                return null;
            }
            Path root = CACHE.resolve(name + ".root");
            run(List.of("rm", "-rf", root.toString()));
            try {
                if (run(List.of("debootstrap", "--variant=minbase", suite, root.toString(), mirror.toString())) != 0) {
                    why.append("debootstrap " + suite + " from " + mirror + " failed");
                    return null;
                }
                Path part = CACHE.resolve(name + ".tar.part");
                if (run(List.of("tar", "--numeric-owner", "--exclude=./dev/*", "-C", root.toString(), "-cf", part.toString(), ".")) != 0) {
                    why.append("tar of the debootstrap root failed");
                    return null;
                }
                Files.move(part, tar, StandardCopyOption.ATOMIC_MOVE);
                return tar;
            } finally {
                run(List.of("rm", "-rf", root.toString()));
            }
        }
    }

    /** The host's Debian suite (VERSION_CODENAME of /etc/os-release), if it is Debian. */
    static Optional<String> hostSuite() throws IOException {
        Path osRelease = Path.of("/etc/os-release");
        if (!Files.isRegularFile(osRelease)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(osRelease);
        if (lines.stream().noneMatch(l -> l.equals("ID=debian"))) {
            return Optional.empty();
        }
        return lines.stream().filter(l -> l.startsWith("VERSION_CODENAME=")).map(l -> l.substring(17).replace("\"", ""))
                .filter(s -> !s.isEmpty()).findFirst();
    }

    private static int run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(CACHE.resolve("debootstrap.log").toFile())).start();
        return p.waitFor();
    }
}
