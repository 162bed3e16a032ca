package dev.berth.namespaces.process;

import dev.berth.namespaces.linux.Syscalls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the stage-1 helper's report lines ({@code S pid fd}, {@code E errno step},
 * {@code X exit N}, {@code X signal N}; see {@code stage1/protocol.h}) from its report pipe.
 * The launcher reads the first line blocking; the watcher reads the rest as it arrives.
 */
public final class StageOneReport {
    private static final int MAX_LINE = 64 * 1024;

    private final Syscalls sys;
    private final int fd;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private boolean eof;

    public StageOneReport(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    /** The report descriptor. */
    public int fd() {
        return fd;
    }

    /** The next line, reading as needed (blocking); null at end of file. */
    public String readLine() {
        while (lines.isEmpty() && !eof) {
            readOnce();
        }
        return lines.isEmpty() ? null : lines.remove(0);
    }

    /** Reads what is available once (the descriptor is readable) and returns complete lines. */
    public List<String> readAvailable() {
        if (lines.isEmpty() && !eof) {
            readOnce();
        }
        List<String> out = new ArrayList<>(lines);
        lines.clear();
        return out;
    }

    /** True once the helper closed its end. */
    public boolean atEof() {
        return eof && lines.isEmpty();
    }

    private void readOnce() {
        byte[] buf = new byte[4096];
        int n = sys.read(fd, buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return;
        }
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                lines.add(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            } else if (pending.size() < MAX_LINE) {
                pending.write(buf[i]);
            }
        }
    }

    /** Parses an {@code X} line into an exit status, or null if the line is not one. */
    public static ExitStatus parseExit(String line) {
        String[] p = line.split(" ");
        if (p.length != 3 || !p[0].equals("X")) {
            return null;
        }
        int v = Integer.parseInt(p[2]);
        return p[1].equals("exit") ? ExitStatus.exited(v) : ExitStatus.killed(v, false); // OOM: see IsolatedProcess
    }
}
