package dev.berth.namespaces.launch;

import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stage-1 helper executable, shipped in the jar under
 * {@code dev/berth/namespaces/launch/native/linux-ARCH/berth-stage1}. It is run from a sealed
 * memfd (nothing written to disk; see
 * <a href="https://man7.org/linux/man-pages/man2/memfd_create.2.html">memfd_create(2)</a>);
 * where memfd execution is blocked ({@code vm.memfd_noexec=2}) it falls back to a cache file
 * named by the binary's sha256.
 */
public final class StageOneBinary {
    private final Syscalls sys;
    private final byte[] bytes;
    private final String sha256;
    private String path;
    private boolean memfd;
    private int memfdDescriptor = -1;

    StageOneBinary(Syscalls sys, byte[] bytes) {
        this.sys = sys;
        this.bytes = bytes;
        this.sha256 = sha256(bytes);
    }

    /** Loads the helper for this JVM's architecture from the class path. */
    static StageOneBinary load(Syscalls sys) {
        String res = "native/linux-" + Arch.current().kernelName() + "/berth-stage1";
        try (InputStream in = StageOneBinary.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("the stage-1 helper " + res + " is missing from the class path"
                        + " (it is built by `mvn package` in the namespaces module with a C compiler)");
            }
            return new StageOneBinary(sys, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stage-1 helper " + res, e);
        }
    }

    /** The path to execute: {@code /proc/self/fd/N} of the memfd, or the cache file. */
    synchronized String path() {
        if (path == null) {
            if (memfdAllowed()) {
                try {
                    path = memfdPath();
                    memfd = true;
                    return path;
                } catch (SyscallException e) {
                    // no memfd_create or no sealing: fall through to the cache file
                }
            }
            path = cacheFile().toString();
        }
        return path;
    }

    /**
     * Called when executing the memfd failed with {@code errno}: switches to the cache file and
     * returns true if that is worth a retry.
     */
    synchronized boolean memfdRefused(int errno) {
        if (!memfd || (errno != Errno.EACCES && errno != Errno.EPERM)) {
            return false;
        }
        memfd = false;
        path = cacheFile().toString();
        return true;
    }

    private static boolean memfdAllowed() {
        if ("false".equals(System.getProperty("berth.stage1.memfd"))) {
            return false;
        }
        try {
            return !Files.readString(Path.of("/proc/sys/vm/memfd_noexec")).trim().equals("2");
        } catch (IOException e) {
            return true; // kernels before 6.3 have no such switch and allow exec
        }
    }

    private String memfdPath() {
        int fd;
        try {
            fd = sys.memfdCreate("berth-stage1", Syscalls.MFD_CLOEXEC | Syscalls.MFD_ALLOW_SEALING | Syscalls.MFD_EXEC);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EINVAL) {
                throw e;
            }
            fd = sys.memfdCreate("berth-stage1", Syscalls.MFD_CLOEXEC | Syscalls.MFD_ALLOW_SEALING);
        }
        try {
            sys.write(fd, bytes, 0, bytes.length);
            sys.fcntl(fd, Syscalls.F_ADD_SEALS, Syscalls.F_SEAL_SEAL | Syscalls.F_SEAL_SHRINK
                    | Syscalls.F_SEAL_GROW | Syscalls.F_SEAL_WRITE);
        } catch (RuntimeException e) {
            sys.close(fd); // the cache file serves instead; a half-written memfd must not stay open
            throw e;
        }
        memfdDescriptor = fd;
        return "/proc/self/fd/" + fd;
    }

    /** The memfd the helper runs from, kept open for the JVM's life; -1 when there is none. */
    synchronized int memfdDescriptor() {
        return memfd ? memfdDescriptor : -1;
    }

    private Path cacheFile() {
        Path dir = cacheDir();
        Path file = dir.resolve("berth-stage1-" + sha256.substring(0, 16));
        try {
            if (Files.isRegularFile(file) && sha256(Files.readAllBytes(file)).equals(sha256)) {
                return file;
            }
            Files.createDirectories(dir);
            AtomicFile.replace(file, bytes, dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the stage-1 helper to " + file, e);
        }
    }

    private static Path cacheDir() {
        String prop = System.getProperty("berth.cache");
        if (prop != null) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "berth");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "berth");
    }

    /** True while the memfd is used. */
    synchronized boolean usesMemfd() {
        path();
        return memfd;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
