package dev.berth.overlayfs.mount;

import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.OverlayIndex;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * An overlay of N lower layer directories (highest first) with an optional upper and work
 * directory, as <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>
 * stacks them. It gives the launcher its {@link RootFs} or {@link Mount} (mounted by the stage-1
 * helper inside the container's mount namespace), and mounts itself on a host path for
 * inspection.
 *
 * <p>The mount(2) option string is limited to one page, which 200 long lower paths exceed. So
 * the host mount uses {@code fsconfig(FSCONFIG_SET_STRING, "lowerdir+")}, one lower per call,
 * where the kernel has it (6.8+); elsewhere it uses short relative paths from a thread-private
 * working directory (unshare(CLONE_FS)), as Docker's overlay2 does, through a temporary
 * directory of short symlinks.
 */
public final class OverlayMount {
    private static final int CLONE_FS = 0x00000200;
    private static final int FSOPEN_CLOEXEC = 1;
    private static final int FSMOUNT_CLOEXEC = 1;
    private static final int PAGE = 4096;

    private final List<Path> lowers;
    private final Path upper;
    private final Path work;
    private final boolean userXattr;
    private final boolean legacyApi;
    private final Syscalls sys;

    private OverlayMount(List<Path> lowers, Path upper, Path work, boolean userXattr, boolean legacyApi, Syscalls sys) {
        if (lowers.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower directory");
        }
        if ((upper == null) != (work == null)) {
            throw new IllegalArgumentException("an overlay needs both upper and work, or neither");
        }
        this.lowers = List.copyOf(lowers);
        this.upper = upper;
        this.work = work;
        this.userXattr = userXattr;
        this.legacyApi = legacyApi;
        this.sys = sys;
    }

    /** A writable overlay: {@code lowers} highest first; upper and work on the same file system. */
    public static OverlayMount of(Syscalls sys, List<Path> lowers, Path upper, Path work) {
        return new OverlayMount(lowers, Objects.requireNonNull(upper, "upper"), Objects.requireNonNull(work, "work"),
                false, false, sys);
    }

    /** A read-only overlay of {@code lowers} (highest first). */
    public static OverlayMount readOnly(Syscalls sys, List<Path> lowers) {
        return new OverlayMount(lowers, null, null, false, false, sys);
    }

    /** With {@code userxattr}: the overlay xattrs are {@code user.overlay.*}, as in a user namespace. */
    public OverlayMount userXattr(boolean on) {
        return new OverlayMount(lowers, upper, work, on, legacyApi, sys);
    }

    /** Mounts through mount(2) and an option string even where fsconfig's lowerdir+ exists (for tests). */
    public OverlayMount legacyApi(boolean on) {
        return new OverlayMount(lowers, upper, work, userXattr, on, sys);
    }

    /** The lower directories, highest first. */
    public List<Path> lowers() {
        return lowers;
    }

    /** The upper directory, where the changes are (null for a read-only overlay). */
    public Path upper() {
        return upper;
    }

    /** The launcher's root file system, assembled on {@code mountPoint} inside the container. */
    public RootFs rootFs(Path mountPoint) {
        return RootFs.overlay(lowers, upper, work, mountPoint);
    }

    /** A launcher mount step placing this overlay on {@code target}, a path inside the container. */
    public Mount mount(String target) {
        return Mount.overlay(lowers, target, options());
    }

    /** The options other than the lowers: upperdir, workdir, userxattr. */
    String options() {
        List<String> o = new ArrayList<>();
        if (upper != null) {
            o.add("upperdir=" + escape(upper.toString()));
            o.add("workdir=" + escape(work.toString()));
        }
        if (userXattr) {
            o.add("userxattr");
        }
        return String.join(",", o);
    }

    /**
     * Mounts the overlay on {@code target}, an existing empty directory of this host. Close the
     * result to unmount.
     */
    public MountedOverlay mountOn(Path target) throws IOException {
        long deadline = System.nanoTime() + IN_USE_WAIT_NANOS;
        while (true) {
            try {
                if (!legacyApi && mountNewApi(target)) {
                    return new MountedOverlay(sys, target);
                }
                mountLegacy(target);
                return new MountedOverlay(sys, target);
            } catch (IOException e) {
                // With index=on the kernel refuses an upper still held by an overlay that is going
                // away (a mount namespace ends after its thread or process has been seen to end):
                // EBUSY for a moment, which is waited out rather than reported.
                if (!indexed() || !inUse(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final long IN_USE_WAIT_NANOS = 5_000_000_000L;

    private static boolean inUse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SyscallException s && s.errno() == Errno.EBUSY) {
                return true;
            }
        }
        return false;
    }

    /** fsopen/fsconfig/fsmount/move_mount; false where the kernel lacks them or lowerdir+. */
    private boolean mountNewApi(Path target) throws IOException {
        int fs;
        try {
            fs = sys.fsopen("overlay", FSOPEN_CLOEXEC);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOSYS) {
                return false;
            }
            throw new IOException("overlay on " + target + ": " + e.getMessage(), e);
        }
        try {
            sys.fsconfig(fs, Syscalls.FSCONFIG_SET_STRING, "source", "overlay");
            boolean first = true;
            for (Path l : lowers) {
                try {
                    sys.fsconfig(fs, Syscalls.FSCONFIG_SET_STRING, "lowerdir+", l.toString());
                } catch (SyscallException e) {
                    if (first && e.errno() == Errno.EINVAL) {
                        return false; // "lowerdir+" is new in 6.8
                    }
                    throw new IOException("overlay on " + target + ": lower " + l + ": " + e.getMessage()
                            + kernelMessage(fs), e);
                }
                first = false;
            }
            if (upper != null) {
                sys.fsconfig(fs, Syscalls.FSCONFIG_SET_STRING, "upperdir", upper.toString());
                sys.fsconfig(fs, Syscalls.FSCONFIG_SET_STRING, "workdir", work.toString());
            }
            if (userXattr) {
                sys.fsconfig(fs, Syscalls.FSCONFIG_SET_FLAG, "userxattr", null);
            }
            if (indexed()) {
                sys.fsconfig(fs, Syscalls.FSCONFIG_SET_STRING, "index", "on");
            }
            try {
                sys.fsconfig(fs, Syscalls.FSCONFIG_CMD_CREATE, null, null);
            } catch (SyscallException e) {
                throw new IOException("overlay on " + target + ": " + e.getMessage() + kernelMessage(fs), e);
            }
            int m = sys.fsmount(fs, FSMOUNT_CLOEXEC, 0);
            try {
                sys.moveMount(m, target.toString());
            } finally {
                sys.close(m);
            }
            return true;
        } catch (SyscallException e) {
            throw new IOException("overlay on " + target + ": " + e.getMessage() + kernelMessage(fs), e);
        } finally {
            sys.close(fs);
        }
    }

    /** The fs_context log ("e overlayfs: failed to resolve ..."), which says more than the errno. */
    private String kernelMessage(int fs) {
        try {
            byte[] buf = new byte[512];
            int n = sys.read(fs, buf, 0, buf.length);
            return n > 2 ? " (" + new String(buf, 2, n - 2, StandardCharsets.UTF_8).trim() + ")" : "";
        } catch (SyscallException e) {
            return "";
        }
    }

    /**
     * Whether a host mount of this overlay uses {@code index=on}, as the container's own mount
     * does ({@link OverlayIndex}): an upper mounted with the index should not be mounted without it.
     */
    private boolean indexed() {
        return upper != null && !userXattr && OverlayIndex.supported();
    }

    private void mountLegacy(Path target) throws IOException {
        String opts = options() + (indexed() ? ",index=on" : "");
        String data = "lowerdir=" + lowers.stream().map(p -> escape(p.toString())).collect(Collectors.joining(":"))
                + (opts.isEmpty() ? "" : "," + opts);
        if (data.length() < PAGE) {
            mount2(target, data);
            return;
        }
        // Too long for a page: short symlinks (0, 1, ... in base 36) to the lowers, named relative
        // to a working directory that only a throw-away thread has.
        Path links = Files.createTempDirectory("berth-lowers-");
        try {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < lowers.size(); i++) {
                String n = Integer.toString(i, 36);
                Files.createSymbolicLink(links.resolve(n), lowers.get(i).toAbsolutePath());
                names.add(n);
            }
            String shortData = "lowerdir=" + String.join(":", names) + (opts.isEmpty() ? "" : "," + opts);
            if (shortData.length() >= PAGE) {
                throw new IOException("overlay on " + target + ": " + lowers.size()
                        + " lowers do not fit in a page of mount options even with short names");
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    sys.unshare(CLONE_FS); // chdir below then affects this thread only
                    sys.chdir(links.toString());
                    mount2(target, shortData);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "berth-overlay-mount");
            t.start();
            t.join();
            Throwable f = failure.get();
            if (f instanceof IOException io) {
                throw io;
            }
            if (f != null) {
                throw new IOException("overlay on " + target + ": " + f.getMessage(), f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while mounting an overlay on " + target, e);
        } finally {
            FileTrees.delete(links); // the mounted overlay holds the lowers, not the links
        }
    }

    private void mount2(Path target, String data) throws IOException {
        try {
            sys.mount("overlay", target.toString(), "overlay", 0, data);
        } catch (SyscallException e) {
            throw new IOException("overlay on " + target + " (" + lowers.size() + " lowers): " + e.getMessage(), e);
        }
    }

    /** mount(2) option syntax: ':' ',' and '\' in a path are escaped with a backslash. */
    static String escape(String path) {
        return path.replace("\\", "\\\\").replace(":", "\\:").replace(",", "\\,");
    }

    @Override
    public String toString() {
        return "overlay of " + lowers.size() + " lower(s)" + (upper != null ? " with upper " + upper : ", read-only");
    }
}
