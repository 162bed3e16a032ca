package dev.berth;

/**
 * What a command run in a container ended with: its exit code and its whole output, as
 * Testcontainers' {@code Container.ExecResult} reports it
 * (<a href="https://java.testcontainers.org/features/commands/">executing a command</a>).
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public ExecResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** Whether the command exited with 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
