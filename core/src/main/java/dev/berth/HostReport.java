package dev.berth;

import java.util.List;

/**
 * What Berth detected about the host it runs on (a plain machine, a container, a Kubernetes pod)
 * and what it does about it: the store driver and why, a nested cgroup v2, a user namespace,
 * missing capabilities. {@code berth info} prints it. See {@link Berth#hostReport()}.
 *
 * @param detected one fact a line, such as {@code root file system: overlay}
 * @param consequences one decision a line, such as which storage driver is used and why
 */
public record HostReport(List<String> detected, List<String> consequences) {
    public HostReport {
        detected = List.copyOf(detected);
        consequences = List.copyOf(consequences);
    }

    /** Both lists, under the headings "Host:" and "Berth:", indented as {@code docker info}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Host:\n");
        detected.forEach(l -> b.append("  ").append(l).append('\n'));
        b.append("Berth:\n");
        consequences.forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }
}
