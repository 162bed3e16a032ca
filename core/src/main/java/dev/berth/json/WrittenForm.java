package dev.berth.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The accessors of the hand readers of Berth's own state files (#17: Jackson's data binding of
 * records costs a short command tens of milliseconds at each start): each takes a tree node in
 * exactly the form Jackson wrote it and throws {@link Mismatch} for anything else, so that the
 * reader gives up and the caller binds the tree with Jackson as before.
 */
public final class WrittenForm {
    private WrittenForm() {
    }

    /** The tree is not in the form written: let Jackson bind it. Carries no stack. */
    public static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Mismatch() {
            super(null, null, false, false);
        }
    }

    /** {@code n}, an object with exactly the fields {@code names} (in any order). */
    public static JsonNode fields(JsonNode n, String... names) {
        if (n == null || !n.isObject() || n.size() != names.length) {
            throw new Mismatch();
        }
        for (String name : names) {
            if (!n.has(name)) {
                throw new Mismatch();
            }
        }
        return n;
    }

    public static String text(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new Mismatch();
        }
        return n.textValue();
    }

    public static List<String> texts(JsonNode n) {
        return list(n, WrittenForm::text);
    }

    public static <T> List<T> list(JsonNode n, Function<JsonNode, T> element) {
        if (n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new Mismatch();
        }
        List<T> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            out.add(element.apply(e));
        }
        return out;
    }

    /** An object of strings, in document order. */
    public static Map<String, String> strings(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new Mismatch();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), text(e.getValue()));
        }
        return map;
    }

    public static boolean bool(JsonNode n) {
        if (!n.isBoolean()) {
            throw new Mismatch();
        }
        return n.booleanValue();
    }

    public static int integer(JsonNode n) {
        if (!n.isInt()) {
            throw new Mismatch();
        }
        return n.intValue();
    }

    public static long number(JsonNode n) {
        if (!(n.isInt() || n.isLong())) {
            throw new Mismatch();
        }
        return n.longValue();
    }

    /** A path as Jackson's path reader takes it when it has no colon (with one it reads a URI). */
    public static Path path(JsonNode n) {
        String s = text(n);
        if (s == null || s.indexOf(':') >= 0) {
            throw new Mismatch();
        }
        return Path.of(s);
    }
}
