package dev.berth.overlayfs.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The process umask, read from {@code /proc/self/status} (calling umask(2) to read it would race
 * with other threads creating files), so that a file can be created with its final permission
 * bits and spared a chmod when the umask leaves them alone.
 */
final class Umask {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };
    private static final int VALUE = read();

    private Umask() {
    }

    static int current() {
        return VALUE;
    }

    private static int read() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: assume the strictest, so that every file is chmod-ed
        }
        return 0777;
    }

    /** The rwx bits of {@code mode} as a creation attribute. */
    static FileAttribute<Set<PosixFilePermission>> attribute(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(BITS[i]);
            }
        }
        return PosixFilePermissions.asFileAttribute(perms);
    }
}
