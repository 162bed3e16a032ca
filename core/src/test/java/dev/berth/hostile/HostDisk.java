package dev.berth.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The host's first whole disk, from {@code /proc/partitions}: a device node a container must not reach. */
final class HostDisk {
    private HostDisk() {
    }

    /** {major, minor, name}; aborts the test, saying why, where the host lists no disk. */
    static String[] first() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/partitions"))) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 4 && f[0].matches("[0-9]+") && !f[3].startsWith("loop") && !f[3].startsWith("ram")) {
                return new String[] {f[0], f[1], f[3]};
            }
        }
        Assumptions.abort("the host lists no disk in /proc/partitions");
        return null;
    }

    /** {major, minor} of the first disk, or of sda (8:0) where the host lists none, for an image to ship. */
    static String[] numbers() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/partitions"))) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 4 && f[0].matches("[0-9]+") && !f[3].startsWith("loop") && !f[3].startsWith("ram")) {
                return new String[] {f[0], f[1]};
            }
        }
        return new String[] {"8", "0"};
    }
}
