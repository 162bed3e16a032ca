package dev.berth.cli.format;

import java.util.List;

/**
 * A Go template (<a href="https://pkg.go.dev/text/template">text/template</a>), the subset
 * docker's {@code --format} uses: fields and map keys ({@code .State.Status}), variables,
 * pipes, {@code if}/{@code else}/{@code range}/{@code with}/{@code break}/{@code continue},
 * Go's builtin functions and docker's ({@code json}, {@code join}, {@code upper}, ...).
 * {@code define}, {@code template} and {@code block} are refused when parsed.
 *
 * @see <a href="https://docs.docker.com/engine/cli/formatting/">Format command and log output</a>
 */
public final class Template {
    private static final Functions STANDARD = Functions.standard();
    private static final Functions HEADER = Functions.header();

    private final String name;
    private final String text;
    private final List<Node> nodes;
    private final boolean missingKeyError;

    private Template(String name, String text, List<Node> nodes, boolean missingKeyError) {
        this.name = name;
        this.text = text;
        this.nodes = nodes;
        this.missingKeyError = missingKeyError;
    }

    /**
     * Parses {@code text}; {@code name} is what errors call it (docker's are unnamed: {@code ""}).
     *
     * @throws TemplateException with Go's message when it does not parse
     */
    public static Template parse(String name, String text) {
        return new Template(name, text, new Parser(name, text, STANDARD.names()).parse(), false);
    }

    /** This template, failing on a missing map key instead of printing {@code <no value>} (Go's {@code missingkey=error}). */
    public Template missingKeyError() {
        return new Template(name, text, nodes, true);
    }

    /**
     * Runs the template over {@code data}: maps, lists, strings, numbers, booleans, null and
     * {@link Row}s.
     *
     * @throws TemplateException with Go's message when a step fails
     */
    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        new Execution(name, text, STANDARD, missingKeyError, out).run(nodes, data);
        return out.toString();
    }

    /**
     * A {@code table}'s header line: the template run over the header names, docker's functions
     * passing their argument through; as docker, what was written before a failing step stays.
     */
    String header(Object headers) {
        StringBuilder out = new StringBuilder();
        try {
            new Execution(name, text, HEADER, false, out).run(nodes, headers);
        } catch (TemplateException e) {
            // docker ignores the header's error and prints what it has
        }
        return out.toString();
    }

    /** Whether the template's text names {@code field} ({@code .Size}): what docker asks the engine for only when used. */
    public boolean mentions(String field) {
        return text.contains("." + field);
    }
}
