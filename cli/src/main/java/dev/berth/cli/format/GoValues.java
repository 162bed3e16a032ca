package dev.berth.cli.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decoded JSON seen through {@link GoType}s, as the docker CLI sees an inspect answer it decoded
 * into its structs: each map and list of one execution knows its type, a field the JSON leaves
 * out is its type's zero value, and a struct prints as Go's {@code fmt} prints it.
 */
final class GoValues {
    /** A nil slice: prints {@code []}, encodes as {@code null}. */
    static final class NilList extends AbstractList<Object> {
        @Override
        public Object get(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int size() {
            return 0;
        }
    }

    /** A nil map: prints {@code map[]}, encodes as {@code null}. */
    static final class NilMap extends AbstractMap<Object, Object> {
        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return Set.of();
        }
    }

    /** A {@code time.Time}: prints as Go's {@code String()}, encodes as the JSON had it. */
    record GoTime(String json) {
        @Override
        public String toString() {
            Instant t;
            try {
                t = json.isEmpty() ? Instant.parse("0001-01-01T00:00:00Z") : Instant.parse(json);
            } catch (DateTimeParseException e) {
                return json;
            }
            var utc = t.atOffset(ZoneOffset.UTC);
            String fraction = utc.getNano() == 0 ? "" : ("." + String.format("%09d", utc.getNano())).replaceAll("0+$", "");
            return String.format("%04d-%02d-%02d %02d:%02d:%02d%s +0000 UTC", utc.getYear(), utc.getMonthValue(),
                    utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond(), fraction);
        }
    }

    private final Map<Object, GoType> types = new IdentityHashMap<>();

    /** {@code value}, decoded JSON, as a value of {@code type}: null as the zero value, a map or list remembered. */
    Object of(Object value, GoType type) {
        if (value == null) {
            return zero(type);
        }
        if (type.kind == GoType.Kind.TIME && value instanceof String s) {
            return new GoTime(s);
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            types.put(value, type);
        }
        return value;
    }

    /** The type a map or list was given; null for an untyped one (in an {@code interface{}}). */
    GoType typeOf(Object value) {
        return value == null ? null : types.get(value);
    }

    /** Go's zero value of {@code type}. */
    Object zero(GoType type) {
        return switch (type.kind) {
            case STRING -> "";
            case BOOL -> false;
            case INT, UINT -> 0L;
            case FLOAT -> 0.0;
            case TIME -> new GoTime("");
            case ANY, POINTER -> null;
            case SLICE -> remember(new NilList(), type);
            case MAP -> remember(new NilMap(), type);
            case ARRAY -> {
                List<Object> zeros = new ArrayList<>();
                for (int i = 0; i < type.length; i++) {
                    zeros.add(zero(type.element));
                }
                yield remember(zeros, type);
            }
            case STRUCT -> remember(new LinkedHashMap<String, Object>(), type);
        };
    }

    private Object remember(Object value, GoType type) {
        types.put(value, type);
        return value;
    }

    /** A struct field's value: the JSON's, or the zero value where the JSON has none. */
    Object field(Map<?, ?> struct, GoType.Field f) {
        return of(struct.get(f.key()), f.type());
    }

    /** An element of a typed map or list; an untyped collection's as it is. */
    Object element(Object collection, Object value) {
        GoType t = typeOf(collection);
        if (t == null) {
            return value;
        }
        return t.element == null ? value : of(value, t.element);
    }

    /** {@code fmt.Sprint(v)}: a struct (or a pointer to one, at the top) as {@code {a b c}}. */
    String print(Object v) {
        StringBuilder out = new StringBuilder();
        print(out, v, typeOf(v), true);
        return out.toString();
    }

    private void print(StringBuilder out, Object v, GoType type, boolean top) {
        if (type == null || v == null) {
            if (v instanceof List<?> || v instanceof Map<?, ?>) {
                printCollection(out, v);
            } else {
                out.append(Values.print(v));
            }
            return;
        }
        GoType struct = type.struct();
        if (type.kind == GoType.Kind.POINTER && !top) {
            // fmt prints a pointer inside a struct as its address
            out.append("0xc000010000");
            return;
        }
        if (struct != null && v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (GoType.Field f : struct.fields) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                // an embedded struct's fields are in the same JSON object
                print(out, f.embedded() ? map : field(map, f), f.type(), false);
            }
            out.append('}');
            return;
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            printCollection(out, v);
            return;
        }
        out.append(Values.print(v));
    }

    private void printCollection(StringBuilder out, Object v) {
        if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                Object e = element(v, list.get(i));
                print(out, e, elementType(v), false);
            }
            out.append(']');
            return;
        }
        out.append("map[");
        boolean first = true;
        for (Map.Entry<Object, Object> e : Values.sorted((Map<?, ?>) v).entrySet()) {
            if (!first) {
                out.append(' ');
            }
            first = false;
            out.append(Values.print(e.getKey())).append(':');
            print(out, element(v, e.getValue()), elementType(v), false);
        }
        out.append(']');
    }

    private GoType elementType(Object collection) {
        GoType t = typeOf(collection);
        return t == null ? null : t.element;
    }
}
