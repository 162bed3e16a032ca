package dev.berth.namespaces.userns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The user this process runs as, as {@link UserNamespaceMap#ofCurrentUser()} needs it: its real
 * ids from {@code /proc/self/status}, its name from {@code /etc/passwd} (which
 * {@code /etc/subuid} lines use), and where the system keeps {@code newuidmap}/{@code newgidmap}.
 */
final class InvokingUser {
    private static final List<Path> PROGRAM_DIRS = List.of(Path.of("/usr/bin"), Path.of("/bin"),
            Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/local/bin"));

    private InvokingUser() {
    }

    /** Real uid and gid from /proc/self/status. */
    static long[] realIds(String status) {
        long uid = -1;
        long gid = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            } else if (line.startsWith("Gid:")) {
                gid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return new long[] {uid, gid};
    }

    /** The name of {@code uid} in /etc/passwd, else the JVM's user name. */
    static String name(long uid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 2 && f[2].equals(Long.toString(uid))) {
                return f[0];
            }
        }
        return System.getProperty("user.name");
    }

    /** The executable {@code name} in the usual system directories, or null. */
    static Path program(String name) {
        for (Path dir : PROGRAM_DIRS) {
            Path p = dir.resolve(name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
