package dev.berth.namespaces.userns;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * What a container without root can have for a network beyond {@code none}: a user-mode network
 * stack, {@code pasta} (Debian package {@code passt}) or {@code slirp4netns}, each of which opens
 * {@code /dev/net/tun} inside the container's namespaces to give it outbound access and published
 * ports (<a href="https://passt.top/passt/about/">passt/pasta</a>,
 * <a href="https://github.com/rootless-containers/slirp4netns">slirp4netns</a>). Where neither
 * can run, the reason is said once, clearly, instead of a container that silently has no network.
 */
public final class RootlessNetwork {
    /** The user-mode network programs, in the order they are preferred (podman 5 prefers pasta). */
    public static final List<String> PROGRAMS = List.of("pasta", "slirp4netns");

    private RootlessNetwork() {
    }

    /** The first of {@link #PROGRAMS} found in {@code path} (a PATH value), if any. */
    public static Optional<Path> program(String path) {
        for (String name : PROGRAMS) {
            for (String dir : (path == null ? "" : path).split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Why this process cannot give a rootless container outbound access or published ports, or
     * empty when it can: no program found on {@code path}, or {@code tun} (normally
     * {@code /dev/net/tun}) not openable read-write by this user.
     */
    public static Optional<String> unavailable(String path, Path tun) {
        Optional<Path> program = program(path);
        if (program.isEmpty()) {
            return Optional.of("neither pasta (package passt) nor slirp4netns is installed, so a container"
                    + " without root can only have network none (no outbound access, no published ports)");
        }
        try (FileChannel f = FileChannel.open(tun, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(program.get().getFileName() + " needs " + tun + ", which this user cannot open ("
                    + describe(tun) + "), so a container without root can only have network none");
        }
    }

    /** {@link #unavailable(String, Path)} for this process's PATH and {@code /dev/net/tun}. */
    public static Optional<String> unavailable() {
        return unavailable(System.getenv("PATH"), Path.of("/dev/net/tun"));
    }

    private static String describe(Path p) {
        try {
            return "mode " + Integer.toOctalString(((Number) Files.getAttribute(p, "unix:mode")).intValue() & 07777)
                    + ", owner uid " + Files.getAttribute(p, "unix:uid");
        } catch (IOException | RuntimeException e) {
            return Files.exists(p) ? "not readable" : "missing";
        }
    }
}
