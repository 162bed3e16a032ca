package dev.berth.cli;

import picocli.CommandLine;

/**
 * The {@code berth} command-line tool's entry point: Docker's verbs on an embedded engine, no
 * daemon (<a href="https://docs.docker.com/reference/cli/docker/">docker CLI reference</a>).
 * Exit codes follow Docker's: 125 for Berth's own errors, the container's code otherwise.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        WarningLines.install();
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    static int run(String... args) {
        BerthCommand top = new BerthCommand();
        CommandLine cl = new CommandLine(top);
        ErrorLine errors = new ErrorLine(top);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        // The container's command follows the image: its options are not berth's.
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        cl.getSubcommands().get("create").setStopAtPositional(true);
        return cl.execute(args);
    }
}
