package dev.berth;

/**
 * What {@link Container#update} changes, as {@code docker update} does
 * (<a href="https://docs.docker.com/reference/cli/docker/container/update/">docker update</a>):
 * the limits Berth can change while the container runs, and its restart policy. A null field
 * leaves that setting as it is.
 *
 * @param memoryBytes the memory limit in bytes, at least {@link #MIN_MEMORY_BYTES} ({@code -m})
 * @param cpus the CPU bandwidth as a number of CPUs, at least 0.01 ({@code --cpus})
 * @param pids the most tasks it may have, at least 1 ({@code --pids-limit})
 * @param restartPolicy when it is started again after it exits ({@code --restart})
 */
public record ResourceUpdate(Long memoryBytes, Double cpus, Long pids, RestartPolicy restartPolicy) {
    /** Docker's smallest memory limit: 6 MB. */
    public static final long MIN_MEMORY_BYTES = 6L << 20;

    public ResourceUpdate {
        if (memoryBytes != null && memoryBytes < MIN_MEMORY_BYTES) {
            throw new IllegalArgumentException("Minimum memory limit allowed is 6MB: " + memoryBytes + " bytes");
        }
        if (cpus != null && !(cpus >= 0.01 && cpus <= Runtime.getRuntime().availableProcessors())) {
            throw new IllegalArgumentException("range of CPUs is from 0.01 to " + Runtime.getRuntime().availableProcessors()
                    + ".00, as there are only " + Runtime.getRuntime().availableProcessors() + " CPUs available: " + cpus);
        }
        if (pids != null && pids < 1) {
            throw new IllegalArgumentException("pids limit must be at least 1: " + pids);
        }
    }

    /** Whether it changes a cgroup limit (and not only the restart policy). */
    public boolean changesLimits() {
        return memoryBytes != null || cpus != null || pids != null;
    }
}
