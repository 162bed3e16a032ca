package dev.berth.runtime;

import dev.berth.log.LogRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Docker's json-file line: {@code {"log":"...","stream":"stdout","time":"..."}}. The time has a
 * fixed nine-digit fraction (Docker's RFC3339NanoFixed) so that lines sort as text. Docker
 * replaces bytes that are not UTF-8 by U+FFFD; to stay lossless, such a record also carries its
 * exact bytes in {@code log_base64}, a field Docker's reader ignores.
 */
final class JsonLogLine {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private JsonLogLine() {
    }

    /** The line, ending in a newline. */
    static byte[] encode(LogRecord record) {
        byte[] bytes = record.bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 80);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("log", record.text());
            g.writeStringField("stream", record.source().streamName());
            g.writeStringField("time", TIME.format(record.time()));
            if (!isUtf8(bytes)) {
                g.writeStringField("log_base64", Base64.getEncoder().encodeToString(bytes));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The record on {@code line} (without its newline), or null if it is not one. */
    static LogRecord decode(byte[] line, int offset, int length) {
        String log = null;
        String stream = null;
        String time = null;
        String exact = null;
        try (JsonParser p = JSON.createParser(line, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "log" -> log = p.getText();
                        case "stream" -> stream = p.getText();
                        case "time" -> time = p.getText();
                        case "log_base64" -> exact = p.getText();
                        default -> { }
                    }
                } else {
                    p.skipChildren(); // Docker's "attrs" and anything newer
                }
            }
            LogRecord.Source source = "stdout".equals(stream) ? LogRecord.Source.STDOUT
                    : "stderr".equals(stream) ? LogRecord.Source.STDERR : null;
            if (log == null || source == null || time == null) {
                return null;
            }
            byte[] bytes = exact != null ? Base64.getDecoder().decode(exact) : log.getBytes(StandardCharsets.UTF_8);
            return new LogRecord(source, Instant.parse(time), bytes);
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            return null; // a torn or foreign line: skipped, as a reader cannot repair it
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
