package dev.berth.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The rows {@code docker top} shows for a set of host pids: {@code ps -ef}'s columns read from
 * {@code /proc} (no ps needed), or the host's {@code ps} run with the caller's arguments and its
 * rows kept where the PID column is one of the set, as Docker does for {@code ps_args}.
 */
public final class ProcessTable {
    /** {@code ps -ef}'s columns. */
    public static final List<String> TITLES = List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
    /** USER_HZ, which the kernel reports every tick count in (100 on every Linux architecture Berth runs on). */
    private static final long TICKS = 100;

    private final Path proc;

    private ProcessTable(Path proc) {
        this.proc = proc;
    }

    /** The host's {@code /proc}. */
    public static ProcessTable host() {
        return new ProcessTable(Path.of("/proc"));
    }

    /** The {@code ps -ef} rows of {@code pids} that still exist, by pid. */
    public List<List<String>> rows(Set<Long> pids) throws IOException {
        long bootSeconds = bootTime();
        Map<Long, String> users = new HashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (long pid : pids.stream().sorted().toList()) {
            try {
                rows.add(row(pid, bootSeconds, users));
            } catch (NoSuchFileException gone) {
                // exited while listed
            }
        }
        return rows;
    }

    private List<String> row(long pid, long bootSeconds, Map<Long, String> users) throws IOException {
        Path dir = proc.resolve(Long.toString(pid));
        String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
        // comm is in parentheses and may hold spaces and ')': the fields follow the last ')'.
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(stat.indexOf('(') + 1, close);
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state): field N is f[N - 3].
        long ppid = Long.parseLong(f[1]);
        int ttyNr = Integer.parseInt(f[4]);
        long cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long startTicks = Long.parseLong(f[19]);
        long uid = uid(dir);
        String user = users.computeIfAbsent(uid, ProcessTable::userName);
        Instant started = Instant.ofEpochSecond(bootSeconds).plusMillis(startTicks * 1000 / TICKS);
        double elapsed = Math.max(0.001, (System.currentTimeMillis() - started.toEpochMilli()) / 1000.0);
        long c = Math.round(cpuTicks / (double) TICKS / elapsed * 100);
        byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
        String cmd = cmdline.length == 0 ? "[" + comm + "]" : commandLine(cmdline);
        return List.of(user, Long.toString(pid), Long.toString(ppid), Long.toString(c), startTime(started), tty(ttyNr),
                cpuTime(cpuTicks / TICKS), cmd);
    }

    private long uid(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** As ps: the host's user name of the uid, or the number. */
    private static String userName(long uid) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] p = line.split(":", -1);
                if (p.length > 2 && p[2].equals(Long.toString(uid))) {
                    return p[0];
                }
            }
        } catch (IOException unreadable) {
            // the number then
        }
        return Long.toString(uid);
    }

    private static String commandLine(byte[] cmdline) {
        int end = cmdline.length;
        while (end > 0 && cmdline[end - 1] == 0) {
            end--;
        }
        return new String(cmdline, 0, end, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    /** As ps: HH:MM for today, else the month and day. */
    private static String startTime(Instant started) {
        ZonedDateTime t = started.atZone(ZoneId.systemDefault());
        return t.toLocalDate().equals(LocalDate.now()) ? t.format(DateTimeFormatter.ofPattern("HH:mm"))
                : t.format(DateTimeFormatter.ofPattern("MMMdd", Locale.ROOT));
    }

    /** As ps: pts/N for a pseudo-terminal (majors 136-143), ? for none. */
    private static String tty(int ttyNr) {
        int major = (ttyNr >> 8) & 0xfff;
        int minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        if (ttyNr == 0) {
            return "?";
        }
        if (major >= 136 && major <= 143) {
            return "pts/" + ((major - 136) * 256 + minor);
        }
        if (major == 4) {
            return "tty" + minor;
        }
        return "?";
    }

    /** As ps: [DD-]HH:MM:SS. */
    private static String cpuTime(long seconds) {
        long days = seconds / 86400;
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
        return days > 0 ? days + "-" + hms : hms;
    }

    private long bootTime() throws IOException {
        for (String line : Files.readAllLines(proc.resolve("stat"), StandardCharsets.UTF_8)) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IOException(proc.resolve("stat") + " has no btime line");
    }

    /** Titles and rows: the host's ps output. */
    public record Table(List<String> titles, List<List<String>> rows) {
    }

    /**
     * Runs the host's {@code ps} with {@code psArgs} (split at spaces, as Docker does) and keeps
     * the header and the rows whose PID column is in {@code pids}. The last column may hold
     * spaces (a command line): each row has as many cells as the header.
     *
     * @throws IllegalArgumentException when ps fails on the arguments or prints no PID column
     */
    public static Table ps(String psArgs, Set<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ps"));
        for (String a : psArgs.trim().split("\\s+")) {
            if (!a.isEmpty()) {
                command.add(a);
            }
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ps " + psArgs + " did not finish in 30 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalArgumentException("ps " + psArgs + " failed: " + out.strip());
        }
        List<String> lines = out.lines().toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("ps " + psArgs + " printed nothing");
        }
        List<String> titles = List.of(lines.get(0).trim().split("\\s+"));
        int pidColumn = titles.indexOf("PID");
        if (pidColumn < 0) {
            throw new IllegalArgumentException("ps " + psArgs + " prints no PID column: " + lines.get(0).strip());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.trim().split("\\s+", titles.size());
            if (cells.length == titles.size() && cells[pidColumn].chars().allMatch(Character::isDigit)
                    && pids.contains(Long.parseLong(cells[pidColumn]))) {
                rows.add(List.of(cells));
            }
        }
        return new Table(titles, rows);
    }
}
