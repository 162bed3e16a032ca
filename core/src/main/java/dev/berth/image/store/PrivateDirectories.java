package dev.berth.image.store;

import dev.berth.namespaces.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps a Berth home and its runtime directory reachable by their owner only (mode 0700). Below
 * them lie files that images and containers chose: set-uid-root programs in layers and in
 * containers' uppers, device nodes of mode 0666, logs, volumes. Any other host user who could
 * reach them could run such a program as root or open such a device, so the barrier is the top,
 * as Docker keeps {@code /var/lib/docker}, {@code overlay2} and {@code containers} at 0710
 * root:root; what lies below keeps the modes the image gave it.
 *
 * <p>No Berth mode needs another user to traverse the home: a container's overlay is mounted by
 * the stage-1 helper with its own credentials (root, or in rootless mode the owner, mapped as
 * root of the user namespace), which overlayfs then uses for every lower and upper access, and
 * binds and volumes are mounted before the container's user takes over; build steps, commit and
 * copy run as root or as the owner in a user namespace. Hence 0700, not Docker's 0710 with a
 * group for its remapped root.
 */
public final class PrivateDirectories {
    /**
     * The home's first-level directories, made owner-only when the home is opened, so that none
     * is later created with the umask's mode. ({@code networks} is made, owner-only, by the first
     * network: its presence says a network was made.)
     */
    public static final List<String> HOME_DIRECTORIES = List.of("images", "layers", "containers", "volumes", "tmp",
            "build-cache", "build-tmp", "build-cache-mounts");

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private PrivateDirectories() {
    }

    /**
     * Makes {@code home} (its missing parents with the umask's mode) and its
     * {@link #HOME_DIRECTORIES} owner-only: creates what is missing with mode 0700 and tightens
     * the home and every directory directly in it that other users could reach. Cheap and
     * idempotent: it looks at the home's entries only, never deeper.
     *
     * @return one line per directory tightened, "PATH MODE -> 0700"
     * @throws IOException naming the directory when it cannot be made or tightened
     */
    public static List<String> secureHome(Path home) throws IOException {
        List<String> tightened = new ArrayList<>();
        if (!Files.isDirectory(home)) {
            if (home.getParent() != null) {
                Files.createDirectories(home.getParent());
            }
            create(home);
        }
        tighten(home).ifPresent(tightened::add);
        for (String name : HOME_DIRECTORIES) {
            create(home.resolve(name));
        }
        for (Path d : directoriesIn(home)) {
            tighten(d).ifPresent(tightened::add);
        }
        return tightened;
    }

    /**
     * Tightens the runtime directory when it exists and belongs to this user; one owned by
     * another user is left as it is ({@link #ownRuntimeDirectory} refuses to use it).
     *
     * @return the line for the directory tightened, if it was
     */
    public static Optional<String> secureRuntime(Path runtime) throws IOException {
        if (!Files.isDirectory(runtime) || owner(runtime) != LinuxSyscalls.get().geteuid()) {
            return Optional.empty();
        }
        return tighten(runtime);
    }

    /**
     * Makes {@code dir} (a runtime directory) owner-only if missing, its parents included, and
     * tightens it if loose; false when it exists but belongs to another user (who made it first,
     * e.g. in {@code /tmp}, and could replace what is put there) or cannot be made.
     */
    public static boolean ownRuntimeDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, OWNER_ONLY_ATTRIBUTE);
            }
            if (owner(dir) != LinuxSyscalls.get().geteuid()) {
                return false;
            }
            tighten(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes directory {@code dir} with mode 0700 unless it exists (its parent must); returns it. */
    public static Path create(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, OWNER_ONLY_ATTRIBUTE);
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isDirectory(dir)) {
                throw exists;
            }
        }
        return dir;
    }

    /**
     * What other host users could reach: the home and each directory directly in it, and the
     * runtime directory, whose mode grants group or others any access; one sentence each,
     * naming the path and its mode. Changes nothing.
     */
    public static List<String> loose(Path home, Path runtime) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        if (Files.isDirectory(home)) {
            paths.add(home);
            paths.addAll(directoriesIn(home));
        }
        if (Files.isDirectory(runtime)) {
            paths.add(runtime);
        }
        for (Path p : paths) {
            int mode = mode(p);
            if ((mode & 077) != 0) {
                out.add(p + " is mode " + octal(mode) + ": other host users can reach what is below it"
                        + " (set-uid files and device nodes of images, containers' files, logs, volumes); it should be"
                        + " 0700, which the next open of the home makes it");
            }
        }
        return out;
    }

    private static Optional<String> tighten(Path dir) throws IOException {
        int mode = mode(dir);
        if ((mode & 077) == 0) {
            return Optional.empty();
        }
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new IOException("cannot make " + dir + " (mode " + octal(mode) + ", owner uid " + owner(dir)
                    + ") reachable by its owner only: " + e.getMessage(), e);
        }
        return Optional.of(dir + " " + octal(mode) + " -> 0700");
    }

    private static List<Path> directoriesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The permission bits, set-uid, set-gid and sticky included. */
    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    private static long owner(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:uid")).longValue();
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
