package dev.berth.namespaces.userns;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * What a container without root can have for a network beyond {@code none}: Berth runs
 * <a href="https://github.com/rootless-containers/slirp4netns">slirp4netns</a>, a user-mode
 * network stack that opens {@code /dev/net/tun} inside the container's namespaces and gives it
 * outbound access and published ports, as podman's rootless mode did before pasta. pasta
 * (<a href="https://passt.top/passt/about/">passt/pasta</a>) is only recognised, so that a host
 * that has pasta alone is told that Berth needs slirp4netns. Where slirp4netns cannot run, the
 * reason is said once, clearly, instead of a container that silently has no network.
 */
public final class RootlessNetwork {
    /** The program Berth runs (Debian package {@code slirp4netns}). */
    public static final String SLIRP4NETNS = "slirp4netns";
    /** The user-mode network programs looked for, in order: the one Berth runs, then pasta, only to name it. */
    public static final List<String> PROGRAMS = List.of(SLIRP4NETNS, "pasta");

    private RootlessNetwork() {
    }

    /** The first of {@link #PROGRAMS} found in {@code path} (a PATH value), if any. */
    public static Optional<Path> program(String path) {
        for (String name : PROGRAMS) {
            Optional<Path> p = find(name, path);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** slirp4netns in {@code path} (a PATH value), if it is there. */
    public static Optional<Path> slirp4netns(String path) {
        return find(SLIRP4NETNS, path);
    }

    /** slirp4netns in this process's PATH, if it is there. */
    public static Optional<Path> slirp4netns() {
        return slirp4netns(System.getenv("PATH"));
    }

    private static Optional<Path> find(String name, String path) {
        for (String dir : (path == null ? "" : path).split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Why this process cannot give a container without root outbound access or published ports,
     * or empty when it can: slirp4netns not found on {@code path} (with a word on pasta when
     * only that is there), or {@code tun} (normally {@code /dev/net/tun}) not openable
     * read-write by this user.
     */
    public static Optional<String> unavailable(String path, Path tun) {
        if (slirp4netns(path).isEmpty()) {
            String none = ", so a container without root can only have network none (no outbound access,"
                    + " no published ports)";
            if (find("pasta", path).isPresent()) {
                return Optional.of("only pasta (package passt) is installed, but Berth runs slirp4netns for the"
                        + " network of a container without root: install package slirp4netns" + none.replace(", so", "; until then"));
            }
            return Optional.of("slirp4netns (package slirp4netns) is not installed" + none);
        }
        try (FileChannel f = FileChannel.open(tun, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("slirp4netns needs " + tun + ", which this user cannot open (" + describe(tun)
                    + "), so a container without root can only have network none; grant it with, e.g.,"
                    + " setfacl -m u:" + System.getProperty("user.name") + ":rw " + tun);
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
