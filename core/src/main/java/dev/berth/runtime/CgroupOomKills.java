package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * How many processes the kernel's OOM killer killed in a container's cgroups, read from the
 * directories alone: the {@code oom_kill} line of {@code memory.events} (cgroup v2) or of
 * {@code memory.oom_control} (v1), as
 * <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#memory-interface-files">the kernel documents them</a>.
 */
public final class CgroupOomKills {
    private CgroupOomKills() {
    }

    /** The sum over {@code directories}; a directory gone (or without a memory controller) counts 0. */
    public static long count(List<Path> directories) throws IOException {
        long kills = 0;
        for (Path d : directories) {
            for (String file : new String[] {"memory.events", "memory.oom_control"}) {
                kills += oomKillLine(d.resolve(file));
            }
        }
        return kills;
    }

    private static long oomKillLine(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
        for (String line : lines) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals("oom_kill")) {
                return Long.parseLong(kv[1]);
            }
        }
        return 0;
    }
}
