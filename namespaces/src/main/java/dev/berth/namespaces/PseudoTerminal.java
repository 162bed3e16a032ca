package dev.berth.namespaces;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The master of a pseudo-terminal pair (<a href="https://man7.org/linux/man-pages/man7/pty.7.html">pty(7)</a>),
 * for {@code docker run -t} and {@code docker exec -t}: this process holds the master, the
 * command the slave. A container's terminal is made in the container's own devpts by its
 * stage-1 helper and handed over with {@link #ofMaster} (see
 * {@link dev.berth.namespaces.launch.ProcessSpec.Builder#console}), as runc hands a console to
 * its console socket; {@link #open} makes one in this process's {@code /dev/pts}. Reads and
 * writes go straight to the master descriptor, which cannot be reopened through
 * {@code /proc/self/fd} (that would open a new pty).
 */
public final class PseudoTerminal implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int O_CLOEXEC = 02000000;
    public static final long TIOCGWINSZ = 0x5413;
    public static final long TIOCSWINSZ = 0x5414;
    public static final long TIOCGPTN = 0x80045430L;
    public static final long TIOCGPTPEER = 0x5441;
    private static final int EINTR = 4;

    /** The few libc calls a pty needs. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("libc.so.6", LibC.class);

        int open(String path, int flags);

        int unlockpt(int fd);

        int ptsname_r(int fd, byte[] buf, NativeLong size);

        NativeLong read(int fd, byte[] buf, NativeLong n);

        NativeLong write(int fd, byte[] buf, NativeLong n);

        int ioctl(int fd, NativeLong request, short[] winsize);

        int ioctl(int fd, NativeLong request, int[] value);

        int ioctl(int fd, NativeLong request, NativeLong value);

        int close(int fd);
    }

    private final int master;
    private final Path slave;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private PseudoTerminal(int master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    /**
     * Takes over {@code master}, a pty master descriptor (close-on-exec) received from a
     * container's stage-1 helper; {@link #slave} is then its slave's name in the devpts it
     * was made in (the container's {@code /dev/pts/N}), not a path on this host.
     */
    public static PseudoTerminal ofMaster(int master) {
        int[] n = new int[1];
        if (LibC.INSTANCE.ioctl(master, new NativeLong(TIOCGPTN), n) != 0) {
            int errno = Native.getLastError();
            LibC.INSTANCE.close(master);
            throw new IllegalArgumentException("fd " + master + " is not a pty master: errno " + errno);
        }
        return new PseudoTerminal(master, Path.of("/dev/pts/" + n[0]));
    }

    /** Opens a new pair in this process's {@code /dev/pts}. */
    public static PseudoTerminal open() throws IOException {
        LibC c = LibC.INSTANCE;
        int fd = c.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open /dev/ptmx for a terminal: errno " + Native.getLastError());
        }
        byte[] name = new byte[128];
        if (c.unlockpt(fd) != 0 || c.ptsname_r(fd, name, new NativeLong(name.length)) != 0) {
            int errno = Native.getLastError();
            c.close(fd);
            throw new IOException("cannot set up the pty slave: errno " + errno);
        }
        int len = 0;
        while (name[len] != 0) {
            len++;
        }
        return new PseudoTerminal(fd, Path.of(new String(name, 0, len, StandardCharsets.US_ASCII)));
    }

    /** The slave's name in the devpts the pair was made in ({@code /dev/pts/N}). */
    public Path slave() {
        return slave;
    }

    /**
     * Opens the slave here too (never as this process's controlling terminal), until the
     * returned handle is closed: the master's reads then wait for output instead of failing
     * before the command has opened its side, and end (EIO) only once this handle and the
     * command's descriptors are all closed. Opened from the master itself (TIOCGPTPEER), so
     * it is this pair's slave whichever devpts it is in, and no path is followed.
     */
    public AutoCloseable holdSlave() throws IOException {
        int fd = LibC.INSTANCE.ioctl(master, new NativeLong(TIOCGPTPEER), new NativeLong(O_RDWR | O_NOCTTY | O_CLOEXEC));
        if (fd < 0) {
            throw new IOException("cannot open the pty slave " + slave + ": errno " + Native.getLastError());
        }
        return () -> LibC.INSTANCE.close(fd);
    }

    /** Reads what the container wrote; -1 once every slave descriptor is closed (EIO). */
    public int read(byte[] buf) {
        for (;;) {
            if (closed.get()) {
                return -1;
            }
            long n = LibC.INSTANCE.read(master, buf, new NativeLong(buf.length)).longValue();
            if (n >= 0 || Native.getLastError() != EINTR) {
                return n <= 0 ? -1 : (int) n;
            }
        }
    }

    /** Writes keystrokes to the container. */
    public void write(byte[] buf, int len) throws IOException {
        byte[] rest = len == buf.length ? buf : java.util.Arrays.copyOf(buf, len);
        while (rest.length > 0) {
            long n = LibC.INSTANCE.write(master, rest, new NativeLong(rest.length)).longValue();
            if (n < 0) {
                if (Native.getLastError() == EINTR) {
                    continue;
                }
                throw new IOException("write to the terminal: errno " + Native.getLastError());
            }
            rest = java.util.Arrays.copyOfRange(rest, (int) n, rest.length);
        }
    }

    /** Copies the window size of terminal {@code fd} (rows, columns) to the pty; false if {@code fd} is no terminal. */
    public boolean copySizeFrom(int fd) {
        short[] ws = new short[4];
        if (LibC.INSTANCE.ioctl(fd, new NativeLong(TIOCGWINSZ), ws) != 0) {
            return false;
        }
        return LibC.INSTANCE.ioctl(master, new NativeLong(TIOCSWINSZ), ws) == 0;
    }

    /** Whether descriptor {@code fd} of this process is a terminal (isatty(3)). */
    public static boolean isTerminal(int fd) {
        return LibC.INSTANCE.ioctl(fd, new NativeLong(TIOCGWINSZ), new short[4]) == 0;
    }

    /** Sets the window size. */
    public void resize(int rows, int columns) {
        LibC.INSTANCE.ioctl(master, new NativeLong(TIOCSWINSZ), new short[] {(short) rows, (short) columns, 0, 0});
    }

    /** Closes the master once (later calls do nothing): the command's terminal hangs up. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LibC.INSTANCE.close(master);
        }
    }
}
