package dev.berth.cli;

import dev.berth.ContainerException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's command that could not be executed, told as Docker tells it
 * (<a href="https://docs.docker.com/engine/containers/run/#exit-status">exit status</a>): 127
 * when it does not exist, 126 when it cannot be executed, and runc's
 * {@code unable to start container process: exec: "CMD": ...} line.
 */
final class CommandFailure {
    /** What {@link ContainerException#failure()} says of a failed execve: the path, the errno name and its text. */
    private static final Pattern EXECVE = Pattern.compile("execve (.*): (E[A-Z0-9]+) \\((.*)\\)");

    private CommandFailure() {
    }

    /**
     * When {@code e} is a command that could not be executed, prints its line ({@code prefix}
     * first, e.g. {@code exec failed: }) and returns the exit code to end with; else rethrows it.
     */
    static ExitCode of(ContainerException e, String prefix) {
        boolean notFound = e.reason() == ContainerException.Reason.COMMAND_NOT_FOUND;
        if (!notFound && e.reason() != ContainerException.Reason.COMMAND_NOT_EXECUTABLE) {
            throw e;
        }
        System.err.println("berth: " + prefix + "unable to start container process: " + reason(e.failure()));
        return new ExitCode(notFound ? 127 : 126);
    }

    /** runc's words for the execve failure {@code failure} describes. */
    static String reason(String failure) {
        Matcher m = EXECVE.matcher(failure);
        if (!m.find()) {
            return failure;
        }
        String command = m.group(1);
        String quoted = "exec: \"" + command + "\": ";
        return switch (m.group(2)) {
            case "ENOENT" -> quoted + (command.contains("/") ? "stat " + command + ": no such file or directory"
                    : "executable file not found in $PATH");
            case "EACCES" -> quoted + "permission denied";
            default -> quoted + m.group(3).toLowerCase(java.util.Locale.ROOT);
        };
    }
}
