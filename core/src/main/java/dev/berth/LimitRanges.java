package dev.berth;

/**
 * The ranges dockerd accepts for a container's memory and CPU limits, with its messages
 * ({@code verifyPlatformContainerResources} in moby's daemon_unix.go): a limit outside them is
 * refused before anything is created, rather than failing in the kernel or starving the container.
 */
final class LimitRanges {
    /** The least memory limit dockerd allows (its {@code linuxMinMemory}). */
    static final long MIN_MEMORY = 6L << 20;

    private LimitRanges() {
    }

    /** {@code bytes}, when 0 (no limit) or at least 6 MB. */
    static long memory(long bytes) {
        if (bytes < 0 || bytes > 0 && bytes < MIN_MEMORY) {
            throw new IllegalArgumentException("Minimum memory limit allowed is 6MB");
        }
        return bytes;
    }

    /** {@code cpus}, when 0 (no limit) or from 0.01 to the {@code available} CPUs. */
    static double cpus(double cpus, int available) {
        if (cpus != 0 && (cpus < 0.01 || cpus > available || Double.isNaN(cpus))) {
            throw new IllegalArgumentException("Range of CPUs is from 0.01 to " + available + ".00, as there are only "
                    + available + " CPUs available");
        }
        return cpus;
    }
}
