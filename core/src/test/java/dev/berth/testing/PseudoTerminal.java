package dev.berth.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A pseudo-terminal pair (<a href="https://man7.org/linux/man-pages/man7/pty.7.html">pty(7)</a>)
 * for a test: the test holds the master, a container gets the slave as its terminal
 * ({@code ContainerBuilder.terminal(Path)}). Closing closes the master.
 */
public final class PseudoTerminal implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int O_CLOEXEC = 02000000;

    /** The libc calls that open a pair. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int unlockpt(int fd);

        int ptsname_r(int fd, byte[] buf, NativeLong size);

        int close(int fd);
    }

    private final int master;
    private final Path slave;

    private PseudoTerminal(int master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    /** Opens a new pair. */
    public static PseudoTerminal open() throws IOException {
        int fd = LibC.INSTANCE.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open /dev/ptmx: errno " + Native.getLastError());
        }
        byte[] name = new byte[128];
        if (LibC.INSTANCE.unlockpt(fd) != 0 || LibC.INSTANCE.ptsname_r(fd, name, new NativeLong(name.length)) != 0) {
            int errno = Native.getLastError();
            LibC.INSTANCE.close(fd);
            throw new IOException("cannot unlock or name the slave of /dev/ptmx: errno " + errno);
        }
        int len = 0;
        while (name[len] != 0) {
            len++;
        }
        return new PseudoTerminal(fd, Path.of(new String(name, 0, len, StandardCharsets.US_ASCII)));
    }

    /** The slave, {@code /dev/pts/N}. */
    public Path slave() {
        return slave;
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(master);
    }
}
