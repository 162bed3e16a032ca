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

    /** The array of {@code values}, indented, with a final newline. */
    static String array(List<?> values) throws IOException {
        return MAPPER.writer(INDENTED).writeValueAsString(values) + "\n";
    }
}
