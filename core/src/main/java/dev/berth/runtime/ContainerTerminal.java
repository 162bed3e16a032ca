package dev.berth.runtime;

import dev.berth.namespaces.linux.FileStatus;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The terminal of a detached container with {@code tty(true)}, reached for a resize
 * ({@code docker resize}, {@code POST /containers/{id}/resize}): the pty slave its main process
 * has as stdin. Under Berth's init, which keeps no descriptor, that is the command, init's child.
 * The container's processes are hostile: their stdin is opened through {@code /proc} without
 * blocking (a FIFO there would hold an open) and without becoming this process's controlling
 * terminal, and used only when it is a pseudo-terminal slave.
 */
public final class ContainerTerminal {
    /** Unix98 pty slaves' majors (Documentation/admin-guide/devices.txt). */
    private static final int PTS_FIRST_MAJOR = 136;
    private static final int PTS_LAST_MAJOR = 143;
    private static final int O_NOCTTY = 0400;

    private ContainerTerminal() {
    }

    /**
     * Sets the window size of the terminal of the container whose main process is {@code pid}
     * (with {@code init}, Berth's init, whose children are looked at).
     *
     * @throws IOException when no process of it has a terminal as stdin
     */
    public static void resize(Syscalls sys, int pid, boolean init, int rows, int columns) throws IOException {
        List<Integer> candidates = new ArrayList<>();
        candidates.add(pid);
        if (init) {
            candidates.addAll(children(pid));
        }
        for (int p : candidates) {
            int fd;
            try {
                fd = sys.open("/proc/" + p + "/fd/0", Syscalls.O_RDWR | O_NOCTTY | Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC, 0);
            } catch (RuntimeException e) {
                continue; // no stdin (init closes it), or the process has gone
            }
            try {
                FileStatus st = sys.statx(fd, "", Syscalls.AT_EMPTY_PATH);
                int major = (int) ((st.rdev() >>> 8) & 0xfff);
                if ((st.mode() & 0170000) == Syscalls.S_IFCHR && major >= PTS_FIRST_MAJOR && major <= PTS_LAST_MAJOR) {
                    sys.setWindowSize(fd, rows, columns);
                    return;
                }
            } finally {
                sys.close(fd);
            }
        }
        throw new IOException("no process of the container has its terminal as stdin");
    }

    private static List<Integer> children(int pid) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String s : Files.readString(Path.of("/proc", Integer.toString(pid), "task", Integer.toString(pid), "children"))
                    .trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(Integer.parseInt(s));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or no children yet
        }
        return out;
    }
}
