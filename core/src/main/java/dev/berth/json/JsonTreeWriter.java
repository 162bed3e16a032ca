package dev.berth.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a JSON tree as compact bytes, exactly as {@code Json.mapper().writeValueAsBytes(node)}
 * does, with Jackson's streaming generator alone: an unchanged rebuild writes its image's config
 * and manifest, and building the mapper for that cost it some 45 ms (#18). The bytes are the
 * digests of image documents, so they must not differ in one byte: a tree holding a node whose
 * writing depends on the mapper's settings (binary, BigDecimal, POJO nodes) is written by the
 * mapper, as before.
 */
public final class JsonTreeWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTreeWriter() {
    }

    /** The compact JSON of {@code node}; the same tree always gives the same bytes. */
    public static byte[] write(JsonNode node) throws JsonProcessingException {
        if (!plain(node)) {
            return Json.mapper().writeValueAsBytes(node);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            value(g, node);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * The compact JSON of {@code node} as a string, exactly as
     * {@code Json.mapper().writeValueAsString(node)} gives it (a lone surrogate in a string stays
     * one, where the byte form refuses it).
     */
    public static String writeString(JsonNode node) throws JsonProcessingException {
        if (!plain(node)) {
            return Json.mapper().writeValueAsString(node);
        }
        java.io.StringWriter out = new java.io.StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            value(g, node);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string writer does not fail
        }
        return out.toString();
    }

    /** Whether every node of the tree is one whose writing no mapper setting changes. */
    private static boolean plain(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT:
            case ARRAY:
                for (JsonNode child : n) {
                    if (!plain(child)) {
                        return false;
                    }
                }
                return true;
            case STRING:
            case BOOLEAN:
            case NULL:
                return true;
            case NUMBER:
                return n.isInt() || n.isLong() || n.isBigInteger() || n.isDouble() || n.isFloat() || n.isShort();
            default:
                return false; // BINARY, POJO, MISSING
        }
    }

    private static void value(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode child : n) {
                    value(g, child);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                if (n.isInt() || n.isShort()) {
                    g.writeNumber(n.intValue());
                } else if (n.isLong()) {
                    g.writeNumber(n.longValue());
                } else if (n.isBigInteger()) {
                    g.writeNumber(n.bigIntegerValue());
                } else if (n.isFloat()) {
                    g.writeNumber(n.floatValue());
                } else {
                    g.writeNumber(n.doubleValue());
                }
            }
            default -> throw new IllegalStateException("not a plain node: " + n.getNodeType());
        }
    }
}
