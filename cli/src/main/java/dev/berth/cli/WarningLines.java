package dev.berth.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Prints the library's warnings (SLF4J, bound to java.util.logging by slf4j-jdk14) as one line
 * each on stderr, {@code berth: <message>}, the way the CLI prints its own errors, instead of
 * java.util.logging's two-line form with a date and a class name.
 */
final class WarningLines extends Formatter {
    private WarningLines() {
    }

    /** Replaces the root logger's handlers with one that prints warnings and worse in one line. */
    static void install() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler stderr = new ConsoleHandler();
        stderr.setLevel(Level.WARNING);
        stderr.setFormatter(new WarningLines());
        root.addHandler(stderr);
    }

    @Override
    public String format(LogRecord r) {
        String cause = r.getThrown() == null ? "" : ": " + r.getThrown().getMessage();
        return "berth: " + formatMessage(r) + cause + System.lineSeparator();
    }
}
