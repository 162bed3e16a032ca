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
    private final MissingKey missingKey;

    /** What a missing map key gives. */
    public enum MissingKey {
        /** {@code <no value>}, Go's default. */
        NO_VALUE,
        /** An error, Go's {@code missingkey=error}. */
        ERROR,
        /**
         * An error for a field of a docker struct, {@code <no value>} for a key of a map, as
         * {@code docker inspect --format} answers (it runs the template over the typed answer
         * first): {@code .State.Nope} fails, {@code .Config.Labels.nope} is {@code <no value>}.
         */
        ERROR_IN_OBJECTS
    }

    private Template(String name, String text, List<Node> nodes, MissingKey missingKey) {
        this.name = name;
        this.text = text;
        this.nodes = nodes;
        this.missingKey = missingKey;
    }

    /**
     * Parses {@code text}; {@code name} is what errors call it (docker's are unnamed: {@code ""}).
     *
     * @throws TemplateException with Go's message when it does not parse
     */
    public static Template parse(String name, String text) {
        return new Template(name, text, new Parser(name, text, STANDARD.names()).parse(), MissingKey.NO_VALUE);
    }

    /** This template with another answer to a missing map key. */
    public Template missingKey(MissingKey answer) {
        return new Template(name, text, nodes, answer);
    }

    /**
     * Runs the template over {@code data}: maps, lists, strings, numbers, booleans, null and
     * {@link Row}s.
     *
     * @throws TemplateException with Go's message when a step fails
     */
    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        new Execution(name, text, STANDARD, missingKey, out).run(nodes, data);
        return out.toString();
    }

    /**
     * A {@code table}'s header line: the template run over the header names, docker's functions
     * passing their argument through; as docker, what was written before a failing step stays.
     */
    String header(Object headers) {
        StringBuilder out = new StringBuilder();
        try {
            new Execution(name, text, HEADER, MissingKey.NO_VALUE, out).run(nodes, headers);
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
