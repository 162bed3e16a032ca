package dev.berth.cli;

import dev.berth.cli.format.Format;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options docker's list verbs share, as a picocli mixin: {@code --format}, {@code --filter}
 * ({@code -f}), {@code --quiet} ({@code -q}) and {@code --no-trunc}; and printing the rows as
 * docker does: a template error is {@code berth: failed to parse template: ...} or
 * {@code berth: failed to execute template: ...} (docker's messages) and exit code 1, as
 * docker's; nothing is printed then.
 *
 * @see <a href="https://docs.docker.com/engine/cli/formatting/">Format command and log output</a>
 * @see <a href="https://docs.docker.com/engine/cli/filter/">Filter commands</a>
 */
final class ListingOptions {
    @Option(names = "--format", paramLabel = "string",
            description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template")
    String format;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided (name=value)")
    List<String> filters = List.of();

    @Option(names = {"-q", "--quiet"}, description = "Only display IDs (names for volumes)")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    /** The {@code --filter} flags as name to values; a flag without {@code =} is refused as docker refuses it. */
    Map<String, List<String>> filters() {
        return parseFilters(filters);
    }

    static Map<String, List<String>> parseFilters(List<String> flags) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String f : flags) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid argument \"" + f + "\" for \"-f, --filter\" flag: bad format of filter (expected name=value)");
            }
            out.computeIfAbsent(f.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayList<>())
                    .add(f.substring(eq + 1).strip());
        }
        return out;
    }

    /**
     * The format to print with: {@code quietTemplate} with {@code -q} (a custom {@code --format}
     * then ignored with docker's warning), else {@code --format}.
     */
    Format format(Row.Columns columns, String quietTemplate, PrintStream err) {
        if (quiet && format != null && !format.isEmpty() && !format.equals("table")) {
            err.println("WARNING: Ignoring custom format, because both --format and --quiet are set.");
        }
        return parse(quiet ? quietTemplate : format, columns);
    }

    static Format parse(String spec, Row.Columns columns) {
        try {
            return Format.of(spec, columns);
        } catch (TemplateException e) {
            throw templateError("failed to parse template: " + e.getMessage());
        }
    }

    /** Prints {@code rows} in {@code format}; on a template error prints nothing but docker's message. */
    static void print(Format format, List<Row> rows, Row.Columns columns, PrintStream out) {
        String text;
        try {
            text = format.render(rows, columns);
        } catch (TemplateException e) {
            throw templateError("failed to execute template: " + e.getMessage());
        }
        out.print(text);
        out.flush();
    }

    private static ExitCode templateError(String message) {
        System.err.println("berth: " + message);
        return new ExitCode(1);
    }
}
