package dev.berth.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a long run must give back: this JVM's open file descriptors, threads and heap after a full
 * GC; the host's mounts (this process's mount table) and Berth's cgroups; and the bytes in the
 * Berth home.
 *
 * @param fds entries in /proc/self/fd
 * @param threads live threads of this JVM
 * @param heapAfterGc heap bytes in use after System.gc()
 * @param mounts lines of /proc/self/mountinfo that name the home (other programs on the host mount too)
 * @param cgroups {@code berth-*} cgroup directories on the host (other Berth users count too: informational)
 * @param storeBytes bytes of regular files under the home
 */
public record ResourceSnapshot(long fds, long threads, long heapAfterGc, long mounts, long cgroups, long storeBytes) {
    /** Takes a snapshot; runs the GC a few times first so the heap figure is what is live. */
    public static ResourceSnapshot take(Path home) throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new ResourceSnapshot(count(Path.of("/proc/self/fd")), Thread.getAllStackTraces().size(), heap,
                Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(home.toString())).count(), berthCgroups(), bytes(home));
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static long berthCgroups() throws IOException {
        return cgroupsNamed("berth-").size();
    }

    /** The cgroup directories, in every hierarchy, whose names start with {@code prefix}. */
    public static java.util.List<Path> cgroupsNamed(String prefix) throws IOException {
        java.util.List<Path> found = new java.util.ArrayList<>();
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                try (Stream<Path> s = Files.walk(h, 4)) {
                    s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                            .filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(found::add);
                } catch (IOException | java.io.UncheckedIOException vanished) {
                    // groups come and go under the walk
                }
            }
        }
        return found;
    }

    private static long bytes(Path home) throws IOException {
        try (Stream<Path> s = Files.walk(home)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        }
    }

    /** The table of before and after, one resource a line. */
    public static String table(ResourceSnapshot before, ResourceSnapshot after) {
        return String.format("%-14s %12s %12s%n", "resource", "before", "after")
                + line("fds", before.fds, after.fds) + line("threads", before.threads, after.threads)
                + line("heap after GC", before.heapAfterGc, after.heapAfterGc) + line("home mounts", before.mounts, after.mounts)
                + line("berth cgroups", before.cgroups, after.cgroups) + line("store bytes", before.storeBytes, after.storeBytes);
    }

    private static String line(String name, long before, long after) {
        return String.format("%-14s %12d %12d%n", name, before, after);
    }
}
