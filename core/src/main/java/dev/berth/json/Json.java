package dev.berth.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Berth's one Jackson mapper, configured once: strict reading (a duplicate key or trailing data is an
 * error, as image documents need; see RFC 8259 section 4) and compact writing. Configure nothing on it:
 * it is shared.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A writer of indented JSON, for output people read. */
    public static ObjectWriter pretty() {
        return PRETTY;
    }
}
