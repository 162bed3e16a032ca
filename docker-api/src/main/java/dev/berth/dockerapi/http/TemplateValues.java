package dev.berth.dockerapi.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Building the values a CLI template reads from an API answer by hand (objects as maps in field
 * order, integers as longs, null fields left out, as {@link JsonCodec#MAPPER} leaves them out):
 * what serialising the answer and reading its JSON back gives, without Jackson's serializers,
 * which a short command would build through reflection at each start (#17). A value that is not
 * written by hand throws {@link NotByHand}; the caller then lets the mapper write the answer.
 */
public final class TemplateValues {
    private TemplateValues() {
    }

    /** A value not written by hand (a null in a list or map, an untyped object). Carries no stack. */
    public static final class NotByHand extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotByHand() {
            super(null, null, false, false);
        }
    }

    /** Each of {@code answers} (of {@code type}) through {@code value}; null when one is not written by hand. */
    public static <T> List<Map<String, Object>> each(List<?> answers, Class<T> type, Function<T, Map<String, Object>> value) {
        try {
            List<Map<String, Object>> out = new ArrayList<>(answers.size());
            for (Object a : answers) {
                out.add(value.apply(type.cast(a)));
            }
            return out;
        } catch (NotByHand e) {
            return null;
        }
    }

    /** {@code value} under {@code name} unless null; an integer as a long. */
    public static void put(Map<String, Object> m, String name, Object value) {
        if (value instanceof Integer i) {
            value = i.longValue();
        }
        if (value != null) {
            m.put(name, value);
        }
    }

    /** A map of strings, none null (whether the mapper writes a null entry is its setting's business). */
    public static Map<String, Object> strings(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getValue() == null) {
                throw new NotByHand();
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Each of {@code items} through {@code value}; none may be null. */
    public static <T> List<Object> list(List<T> items, Function<T, Object> value) {
        if (items == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(items.size());
        for (T t : items) {
            if (t == null) {
                throw new NotByHand();
            }
            out.add(value.apply(t));
        }
        return out;
    }
}
