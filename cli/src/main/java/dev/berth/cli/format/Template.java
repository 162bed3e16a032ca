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
        ERROR
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
     * Runs the template over {@code data}, decoded JSON, as over the docker CLI's Go struct of
     * that JSON: {@code type} names a type of {@code docker-types.txt} ({@code ContainerInspect},
     * {@code ImageInspect}, {@code NetworkInspect}, {@code VolumeInspect}). A field the JSON
     * leaves out is its zero value ({@code {{.HostConfig.Init}}} prints {@code <nil>}), a name
     * that is no field of the struct fails, and a struct prints as {@code {a b c}}.
     *
     * @throws TemplateException with Go's message when a step fails
     */
    public String execute(Object data, String type) {
        StringBuilder out = new StringBuilder();
        new Execution(name, text, STANDARD, missingKey, out).run(nodes, data, GoType.named(type));
        return out.toString();
    }

    /**
     * As {@code docker inspect --format} runs a template over an answer, decoded JSON of the Go
     * type {@code type}: {@link #execute(Object, String) over its Go struct} first; where that
     * fails (a name that is no field of the struct, JSON keys such as {@code .Id} included), over
     * the JSON as maps with {@code missingkey=error}, whose error is the one reported
     * (docker/cli {@code inspect.TemplateInspector}).
     *
     * @throws TemplateException with Go's message when the second run fails too
     */
    public String executeAsInspect(Object data, String type) {
        try {
            return missingKey(MissingKey.NO_VALUE).execute(data, type);
        } catch (TemplateException typed) {
            return missingKey(MissingKey.ERROR).execute(data);
        }
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
