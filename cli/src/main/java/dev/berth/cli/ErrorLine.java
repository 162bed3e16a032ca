package dev.berth.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Turns any failure into one line, {@code berth: MESSAGE} on stderr, and Docker's exit code 125
 * (<a href="https://docs.docker.com/engine/containers/run/#exit-status">exit status</a>);
 * {@code --debug} adds the stack trace.
 */
final class ErrorLine implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** Docker's code for an error of the engine itself rather than of the container. */
    static final int ENGINE_ERROR = 125;

    private final BerthCommand top;

    ErrorLine(BerthCommand top) {
        this.top = top;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        return failed(e, cl.getCommand());
    }

    /** Prints the failure of {@code command} in one line (with the trace under --debug); returns its exit code. */
    int failed(Exception e, Object command) {
        if (e instanceof ExitCode code) {
            return code.code();
        }
        System.err.println("berth: " + message(e));
        if (top.debug) {
            e.printStackTrace(System.err);
        }
        return e instanceof UnsupportedOperationException || e instanceof FlagError ? ENGINE_ERROR : DockerStatus.ofFailure(command);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        System.err.println("berth: " + oneLine(e.getMessage()));
        System.err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return ENGINE_ERROR;
    }

    /** One line that says what failed: JDK file errors get their reason, wrappers their cause. */
    static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException f) {
            m = "no such file or directory: " + f.getFile();
        } else if (e instanceof AccessDeniedException f) {
            m = "permission denied: " + f.getFile() + (isRoot() ? "" : " (run as root, or set BERTH_HOME to a directory of yours)");
        } else if (e instanceof FileAlreadyExistsException f) {
            m = f.getReason() != null ? f.getFile() + ": " + f.getReason() : "already exists: " + f.getFile();
        } else if ((m == null || m.isBlank() || (e.getCause() != null && m.equals(e.getCause().toString())))
                && e.getCause() != null) {
            return message(e.getCause());
        }
        return oneLine(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
