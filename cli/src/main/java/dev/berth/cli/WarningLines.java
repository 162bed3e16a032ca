package dev.berth.cli;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The library's logging in the {@code berth} command: an SLF4J provider that prints warnings and
 * errors as one line each on stderr, {@code berth: <message>[: <cause>]}, the way the CLI prints
 * its own errors, and drops the rest. It takes the place of java.util.logging (slf4j-jdk14),
 * whose set-up cost more at each start than any short verb's own work (#17).
 *
 * @see <a href="https://www.slf4j.org/faq.html#slf4j_provider">SLF4J providers</a>
 */
public final class WarningLines implements SLF4JServiceProvider {
    private final ILoggerFactory loggers = Line::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Made by SLF4J's service loader. */
    public WarningLines() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    /** The line a warning prints. */
    static String line(String pattern, Object[] arguments, Throwable thrown) {
        String cause = thrown == null ? "" : ": " + thrown.getMessage();
        return "berth: " + MessageFormatter.basicArrayFormat(pattern, arguments) + cause;
    }

    /** A logger of one name: warnings and errors, each one line on stderr. */
    private static final class Line extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        Line(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable thrown) {
            System.err.println(line(pattern, arguments, thrown));
        }
    }
}
