package dev.berth.cli;

import dev.berth.namespaces.host.StartupTrace;
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
        StartupTrace.mark("main");
        java.util.concurrent.Callable<Integer> direct = DirectVerbs.parse(args);
        if (direct == null || DirectVerbs.bindsLibc(direct)) {
            prepare();
        } else {
            // ps, images, inspect: a listing binds no C library, so the cache's checks (some 25 ms)
            // would be spent for nothing; should one bind it, JNA unpacks its own copy, as without a cache.
            jnaSettings();
        }
        StartupTrace.mark("prepared (JNA settings and library)");
        int code = direct != null ? DirectVerbs.call(direct) : run(args);
        StartupTrace.mark("exit " + code);
        System.exit(code);
    }

    /** What the process needs before any command: JNA's settings and its library, unpacked once. */
    static void prepare() {
        jnaSettings();
        JnaLibraryCache.use();
    }

    private static void jnaSettings() {
        // At class initialisation JNA runs `ldconfig -p` (a process: 30-100 ms) to build a library
        // search path, unless this is set; Berth loads only libc, by its soname, which needs none.
        if (System.getProperty("jna.platform.library.path") == null) {
            System.setProperty("jna.platform.library.path", "");
        }
    }

    /** Runs one command line and returns its exit code. */
    static int run(String... commandLine) {
        String[] args = ManagementForms.rewrite(commandLine);
        java.util.concurrent.Callable<Integer> direct = DirectVerbs.parse(args);
        if (direct != null) {
            StartupTrace.mark("command line read directly");
            return DirectVerbs.call(direct);
        }
        BerthCommand top = new BerthCommand();
        CommandLine cl = new CommandLine(top);
        VerbLine.register(cl, BerthCommand.verbs(), args);
        ErrorLine errors = new ErrorLine(top);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        // The container's command follows the image: its options are not berth's.
        for (String verb : new String[] {"run", "exec", "create"}) {
            CommandLine sub = cl.getSubcommands().get(verb);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        StartupTrace.mark("command line model built");
        return cl.execute(args);
    }
}
