package dev.berth.namespaces.process;

/**
 * How an isolated process ended: an exit code, or the signal that killed it, and whether the
 * kernel's OOM killer did it (its cgroup counted an OOM kill and it died of SIGKILL).
 */
public record ExitStatus(int exitCode, int signal, boolean oomKilled) {

    /** Exited normally with {@code code}. */
    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0, false);
    }

    /** Killed by {@code signal}. */
    public static ExitStatus killed(int signal, boolean oomKilled) {
        return new ExitStatus(-1, signal, oomKilled);
    }

    /** True when the process exited (rather than being killed). */
    public boolean exited() {
        return signal == 0;
    }

    /** True when it exited with 0. */
    public boolean success() {
        return signal == 0 && exitCode == 0;
    }

    /** The code a shell reports: the exit code, or 128 + the signal. */
    public int shellCode() {
        return signal == 0 ? exitCode : 128 + signal;
    }

    @Override
    public String toString() {
        if (signal == 0) {
            return "exited with " + exitCode;
        }
        return "killed by signal " + signal + (oomKilled ? " (OOM-killed)" : "");
    }
}
