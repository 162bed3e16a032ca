package dev.berth.namespaces.launch;

import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.namespaces.linux.Arch;
import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The stage-1 helper executable, shipped in the jar under
 * {@code dev/berth/namespaces/launch/native/linux-ARCH/berth-stage1}, one per architecture the
 * build had a compiler for (listed in {@code native/architectures} and in the manifest's
 * {@code Berth-Native-Architectures}); the one for this JVM's {@code os.arch} is used. It is run from a sealed
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

    /** Where the helpers are, relative to this class: {@code native/linux-ARCH/berth-stage1}. */
    static final String RESOURCES = "native/";

    /** Loads the helper for this JVM's architecture ({@code os.arch}) from the class path. */
    static StageOneBinary load(Syscalls sys) {
        return new StageOneBinary(sys, bytes(Arch.current(), RESOURCES));
    }

    /**
     * The helper for {@code arch} under {@code resources}; a missing one fails with a line that
     * names the architecture, the ones the jar has, and how to build it.
     */
    static byte[] bytes(Arch arch, String resources) {
        String res = resources + "linux-" + arch.kernelName() + "/berth-stage1";
        try (InputStream in = StageOneBinary.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("no stage-1 helper for " + arch.kernelName() + " in this jar (it has "
                        + describe(architectures(resources)) + "): build berth-namespaces where a C compiler for "
                        + arch.kernelName() + " is installed (" + compilerPackages(arch) + "; see namespaces/src/main/c/build.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stage-1 helper " + res, e);
        }
    }

    /** The architectures whose helpers this jar holds, as the build listed them ({@code x86_64}, {@code aarch64}). */
    public static List<String> architectures() {
        return architectures(RESOURCES);
    }

    static List<String> architectures(String resources) {
        try (InputStream in = StageOneBinary.class.getResourceAsStream(resources + "architectures")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resources + "architectures", e);
        }
    }

    private static String describe(List<String> archs) {
        return archs.isEmpty() ? "none" : String.join(", ", archs);
    }

    /** Debian's packages of a compiler for {@code arch}. */
    private static String compilerPackages(Arch arch) {
        return arch == Arch.AARCH64 ? "on Debian, x86_64: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
                : "on Debian, aarch64: apt-get install gcc-x86-64-linux-gnu libc6-dev-amd64-cross";
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
