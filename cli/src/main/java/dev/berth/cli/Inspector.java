package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.cli.format.IndentedJson;
import dev.berth.cli.format.JsonValues;
import dev.berth.cli.format.Template;
import dev.berth.cli.format.TemplateException;
import dev.berth.dockerapi.EngineJson;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * docker's {@code inspect}, for {@code berth inspect} and each object's {@code inspect} verb:
 * the Engine API's inspect JSON of each name (a container, else an image, a network or a
 * volume, or only the {@code --type} given), printed as docker prints it, or each through a
 * {@code --format} template. Names not found are reported after the others, exit code 1.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/inspect/">docker inspect</a>
 */
final class Inspector {
    /** The kinds of object, in the order an untyped name is looked up. */
    enum Kind { CONTAINER, IMAGE, NETWORK, VOLUME }

    private final Berth berth;
    private final boolean size;
    private final boolean typedOnly;

    Inspector(Berth berth, boolean size) {
        this(berth, size, false);
    }

    /** With {@code typedOnly}, templates run over the Go types alone, as {@code docker volume inspect} runs them. */
    Inspector(Berth berth, boolean size, boolean typedOnly) {
        this.berth = berth;
        this.size = size;
        this.typedOnly = typedOnly;
    }

    /** The {@code --type} value as a kind; null for none. */
    static Kind kind(String type) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        try {
            return Kind.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + type + "\" is not a valid value for --type");
        }
    }

    /**
     * Prints the objects and returns the exit code: 0, or 1 when a name was not found or the
     * template failed on an object. As docker's, an object the template fails on is left out
     * (its error printed), and a template that prints nothing prints an empty line.
     */
    int print(List<String> names, Kind kind, String format, PrintStream out, PrintStream err) throws IOException {
        Template template = null;
        if (format != null && !format.isEmpty()) {
            try {
                template = Template.parse("", format);
            } catch (TemplateException e) {
                err.println("berth: template parsing error: " + e.getMessage());
                return 64; // docker's exit code for a template that does not parse
            }
        }
        List<Found> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Optional<Found> json = find(name, kind);
            if (json.isPresent()) {
                found.add(json.get());
            } else {
                missing.add(name);
            }
        }
        if (template == null) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            found.forEach(f -> array.add(f.json()));
            out.println(IndentedJson.of(array));
        } else {
            StringBuilder text = new StringBuilder();
            List<String> failures = new ArrayList<>();
            for (Found f : found) {
                try {
                    text.append(execute(template, f)).append('\n');
                } catch (TemplateException e) {
                    failures.add("berth: template parsing error: " + e.getMessage());
                }
            }
            out.print(text.length() == 0 ? "\n" : text);
            out.flush();
            failures.forEach(err::println);
            if (!failures.isEmpty()) {
                missing.forEach(name -> err.println(notFound(kind, name)));
                return 1;
            }
        }
        out.flush();
        for (String name : missing) {
            err.println(notFound(kind, name));
        }
        return missing.isEmpty() ? 0 : 1;
    }

    private static String notFound(Kind kind, String name) {
        return "Error: No such " + (kind == null ? "object" : kind.name().toLowerCase(Locale.ROOT)) + ": " + name;
    }

    /** An object found: its kind and its inspect JSON. */
    private record Found(Kind kind, JsonNode json) {
    }

    /** The template over the object as docker's inspect runs it: over its Go struct, else over its JSON. */
    private String execute(Template template, Found f) {
        String type = switch (f.kind()) {
            case CONTAINER -> "ContainerInspect";
            case IMAGE -> "ImageInspect";
            case NETWORK -> "NetworkInspect";
            case VOLUME -> "VolumeInspect";
        };
        Object data = JsonValues.of(f.json());
        return typedOnly ? template.execute(data, type) : template.executeAsInspect(data, type);
    }

    private Optional<Found> find(String name, Kind kind) throws IOException {
        for (Kind k : Kind.values()) {
            if (kind != null && k != kind) {
                continue;
            }
            Optional<JsonNode> json = switch (k) {
                case CONTAINER -> container(name);
                case IMAGE -> EngineJson.image(berth, name);
                case NETWORK -> EngineJson.network(berth, name);
                case VOLUME -> EngineJson.volume(berth, name);
            };
            if (json.isPresent()) {
                return Optional.of(new Found(k, json.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> container(String name) throws IOException {
        Optional<Container> c = berth.findContainer(name);
        return c.isEmpty() ? Optional.empty() : Optional.of(EngineJson.container(berth, c.get(), size));
    }
}
