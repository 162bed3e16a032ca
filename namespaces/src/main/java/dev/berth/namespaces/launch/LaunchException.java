package dev.berth.namespaces.launch;

import dev.berth.namespaces.linux.Errno;

/**
 * A process could not be started. Names the process, the step that failed (as the stage-1
 * helper or the launcher reports it, e.g. {@code execve /bin/nosuch}) and the errno.
 */
public class LaunchException extends RuntimeException {
    private final String process;
    private final String step;
    private final int errno;

    public LaunchException(String process, String step, int errno) {
        super("process " + process + ": " + step + ": " + Errno.name(errno) + " (" + Errno.message(errno) + ")");
        this.process = process;
        this.step = step;
        this.errno = errno;
    }

    public LaunchException(String process, String message, Throwable cause) {
        super("process " + process + ": " + message, cause);
        this.process = process;
        this.step = message;
        this.errno = 0;
    }

    /** The process name from the spec. */
    public String process() {
        return process;
    }

    /** The failing step, such as {@code mount overlay on /} or {@code execve /bin/sh}. */
    public String step() {
        return step;
    }

    /** The error number, 0 when the failure was not a system call's. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, such as {@code ENOENT}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
