package dev.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * JNA's native library for the {@code berth} command, unpacked once into the user's cache
 * rather than at each start (#17): without it JNA copies {@code libjnidispatch.so} out of the jar
 * into a temporary file, loads it and deletes it, on every command.
 *
 * <p>A native library is code, and other local users are hostile: the cached one is used only
 * under the rules {@code ./berth} applies to its class-data archive. It must be a regular file
 * (not a link) owned by this user or root and writable by no one else, in a directory
 * ({@code ${XDG_CACHE_HOME:-~/.cache}/berth/jna-VERSION-PLATFORM}) that passes the same checks, as
 * does its parent. A library is written whole (a temporary file, then a rename) and read-only.
 * When anything is off, JNA unpacks its library as it always did.
 */
final class JnaLibraryCache {
    /** The version of the native part the JNA on the class path expects (a constant: reading it loads no JNA class). */
    private static final String NATIVE_VERSION = com.sun.jna.Native.VERSION_NATIVE;
    private static final String LIBRARY = "libjnidispatch.so";

    private JnaLibraryCache() {
    }

    /**
     * Points JNA at the cached library ({@code jna.boot.library.path}), unpacking it first if
     * needed, unless JNA was told where its library is already.
     */
    static void use() {
        if (System.getProperty("jna.boot.library.path") != null) {
            return;
        }
        String platform = com.sun.jna.Platform.RESOURCE_PREFIX;
        directory(cacheRoot(), platform).ifPresent(dir -> System.setProperty("jna.boot.library.path", dir.toString()));
    }

    /** {@code ${XDG_CACHE_HOME:-$HOME/.cache}/berth}, the launcher's cache; null without either. */
    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg, "berth");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isEmpty() || home.equals("?") ? null : Path.of(home, ".cache", "berth");
    }

    /**
     * The directory under {@code root} that holds a trusted {@code libjnidispatch.so} for
     * {@code platform} (JNA's resource prefix, e.g. {@code linux-x86-64}), unpacked from the class
     * path if missing; empty when none can be trusted or made.
     */
    static Optional<Path> directory(Path root, String platform) {
        if (root == null) {
            return Optional.empty();
        }
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Path dir = root.resolve("jna-" + NATIVE_VERSION + "-" + platform);
            Path library = dir.resolve(LIBRARY);
            if (trusted(library, uid, false) && trusted(dir, uid, true) && trusted(root, uid, true)) {
                return Optional.of(dir);
            }
            if (Files.exists(library, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty(); // not ours to replace: someone else's file, or a link
            }
            makePrivate(root);
            makePrivate(dir);
            if (!trusted(root, uid, true) || !trusted(dir, uid, true) || !unpack(platform, dir)) {
                return Optional.empty();
            }
            return trusted(library, uid, false) ? Optional.of(dir) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // JNA unpacks its own copy, as without a cache
        }
    }

    /** A directory made 0700 where this makes it; one that exists is left for {@link #trusted} to judge. */
    private static void makePrivate(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made meanwhile: judged by trusted()
            }
        }
    }

    /** Copies the library out of the class path into {@code dir}, whole or not at all; whether it was. */
    private static boolean unpack(String platform, Path dir) throws IOException {
        Path temp = Files.createTempFile(dir, ".jnidispatch", ".tmp");
        try (InputStream in = JnaLibraryCache.class.getResourceAsStream("/com/sun/jna/" + platform + "/" + LIBRARY)) {
            if (in == null) {
                return false;
            }
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                Files.move(temp, dir.resolve(LIBRARY), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Whether {@code path} is a directory (or else a regular file), no link, owned by {@code uid}
     * or root, and writable by neither group nor others.
     */
    static boolean trusted(Path path, int uid, boolean directory) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path)) {
            return false;
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean kind = directory ? Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
        return kind && (owner == uid || owner == 0) && (mode & 0022) == 0;
    }
}
