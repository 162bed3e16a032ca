package dev.berth.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Dockerfile's failed build checks, printed after the build as {@code docker build} prints
 * them: {@code  2 warnings found (use docker --debug to expand):} then one {@code  - Rule: message
 * (line N)} each (<a href="https://docs.docker.com/build/checks/">Build checks</a>).
 */
final class BuildWarnings {
    private final List<String> warnings = new ArrayList<>();

    synchronized void add(String warning) {
        warnings.add(warning);
    }

    /** Prints the summary, if there is anything to say. */
    synchronized void print(PrintStream out) {
        if (warnings.isEmpty()) {
            return;
        }
        out.println(" " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings")
                + " found (use docker --debug to expand):");
        warnings.forEach(w -> out.println(" - " + w));
        out.flush();
    }
}
