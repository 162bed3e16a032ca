package dev.berth.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as docker's {@code inspect} prints it: Go's {@code json.Indent} with four spaces,
 * {@code "key": value}, empty arrays and objects as {@code []} and {@code {}}, and {@code <},
 * {@code >} and {@code &} escaped as Go's encoder escapes them.
 */
public final class IndentedJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndentedJson() {
    }

    public static String of(JsonNode n) {
        StringBuilder out = new StringBuilder();
        write(out, n, "");
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode n, String indent) {
        String inner = indent + "    ";
        if (n.isObject() && n.size() > 0) {
            out.append("{\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(inner).append(scalar(JSON.getNodeFactory().textNode(e.getKey()))).append(": ");
                write(out, e.getValue(), inner);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (n.isArray() && n.size() > 0) {
            out.append("[\n");
            for (int i = 0; i < n.size(); i++) {
                out.append(inner);
                write(out, n.get(i), inner);
                out.append(i < n.size() - 1 ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (n.isObject()) {
            out.append("{}");
        } else if (n.isArray()) {
            out.append("[]");
        } else {
            out.append(scalar(n));
        }
    }

    private static String scalar(JsonNode n) {
        try {
            return escapeHtml(JSON.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's encoder writes {@code <>&} and U+2028/U+2029 as {@code \\u} escapes. */
    static String escapeHtml(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
