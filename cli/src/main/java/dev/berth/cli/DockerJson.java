package dev.berth.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * JSON as docker's {@code inspect} verbs print it: Go's {@code json.MarshalIndent} with four
 * spaces, {@code "Key": value}, {@code []} and {@code {}} for empty ones, null fields of the
 * models left out as the Engine API leaves them out.
 */
final class DockerJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();
    private static final DefaultPrettyPrinter INDENTED = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n"));

    private DockerJson() {
    }

    /** What finds one object to inspect by name. */
    interface Finder<T> {
        java.util.Optional<T> find(String name) throws IOException;
    }

    /**
     * docker's inspect of named objects: prints the array of those found, then one line for each
     * name not found ({@code missing} makes it from the name); returns 0, or 1 if any was missing.
     */
    static <T> int inspect(List<String> names, Finder<T> finder, java.util.function.UnaryOperator<String> missing) throws IOException {
        List<T> found = new java.util.ArrayList<>();
        List<String> notFound = new java.util.ArrayList<>();
        for (String name : names) {
            java.util.Optional<T> t = finder.find(name);
            if (t.isPresent()) {
                found.add(t.get());
            } else {
                notFound.add(name);
            }
        }
        System.out.print(array(found));
        notFound.forEach(name -> System.err.println("berth: " + missing.apply(name)));
        return notFound.isEmpty() ? 0 : 1;
    }

    /** The array of {@code values}, indented, with a final newline. */
    static String array(List<?> values) throws IOException {
        return MAPPER.writer(INDENTED).writeValueAsString(values) + "\n";
    }
}
