package dev.berth.cli.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go type of the docker CLI's inspect answers, as far as a template sees it: what a field that
 * the JSON leaves out is (its zero value: {@code <nil>} for a pointer, {@code []} for a slice,
 * {@code false}, {@code 0}, {@code ""}), which names are fields of a struct (an unknown one is an
 * error, as on a Go struct), and how a struct prints ({@code {a b c}}). The types are declared in
 * {@code docker-types.txt} beside this class.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/">Docker Engine API</a>
 */
final class GoType {
    /** What kind of type: Go's reflect kinds, the few a JSON answer has. */
    enum Kind { STRING, BOOL, INT, UINT, FLOAT, TIME, ANY, SLICE, ARRAY, MAP, POINTER, STRUCT }

    /** A struct's field: its Go name, its key in the JSON, its type; an embedded struct's fields are promoted. */
    record Field(String name, String key, GoType type, boolean embedded) {
    }

    final Kind kind;
    /** The struct's Go name ({@code *container.Config}), for error messages. */
    final String name;
    /** A slice's, array's, map's or pointer's element. */
    GoType element;
    final int length;
    final List<Field> fields = new ArrayList<>();

    private GoType(Kind kind, String name, GoType element, int length) {
        this.kind = kind;
        this.name = name;
        this.element = element;
        this.length = length;
    }

    /** The declared type named {@code name} ({@code ContainerInspect}). */
    static GoType named(String name) {
        GoType t = Declared.TYPES.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no Go type " + name);
        }
        return t;
    }

    /** The struct this is, or points to; null for another kind. */
    GoType struct() {
        GoType t = kind == Kind.POINTER ? element : this;
        return t.kind == Kind.STRUCT ? t : null;
    }

    /** The field called {@code name} in Go, through embedded structs; null if the struct has none. */
    Field field(String goName) {
        for (Field f : fields) {
            if (f.embedded) {
                Field inner = f.type.struct().field(goName);
                if (inner != null) {
                    return inner;
                }
            } else if (f.name.equals(goName)) {
                return f;
            }
        }
        return null;
    }

    /** How Go writes this type in an error message. */
    @Override
    public String toString() {
        return switch (kind) {
            case STRUCT -> name;
            case POINTER -> element.kind == Kind.STRUCT ? element.name : "*" + element;
            case SLICE -> "[]" + element;
            case ARRAY -> "[" + length + "]" + element;
            case MAP -> "map[string]" + element;
            case ANY -> "interface {}";
            case TIME -> "time.Time";
            case INT -> "int";
            case UINT -> "uint";
            case FLOAT -> "float64";
            case BOOL -> "bool";
            case STRING -> "string";
        };
    }

    /** The types of docker-types.txt, read when a typed template first runs. */
    private static final class Declared {
        static final Map<String, GoType> TYPES = read();

        private static Map<String, GoType> read() {
            Map<String, GoType> types = new HashMap<>();
            Map<GoType, List<String[]>> declarations = new LinkedHashMap<>();
            try (InputStream in = GoType.class.getResourceAsStream("docker-types.txt");
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                GoType current = null;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("#")) {
                        continue;
                    }
                    if (line.isBlank()) {
                        current = null;
                        continue;
                    }
                    if (current == null) {
                        int space = line.indexOf(' ');
                        current = new GoType(Kind.STRUCT, line.substring(space + 1), null, 0);
                        types.put(line.substring(0, space), current);
                        declarations.put(current, new ArrayList<>());
                    } else {
                        declarations.get(current).add(line.split(" ", 2));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            declarations.forEach((struct, lines) -> {
                for (String[] l : lines) {
                    if (l[0].startsWith("~")) {
                        struct.fields.add(new Field("", "", parse(l[0].substring(1), types), true));
                        continue;
                    }
                    int colon = l[0].indexOf(':');
                    String name = colon < 0 ? l[0] : l[0].substring(0, colon);
                    struct.fields.add(new Field(name, colon < 0 ? name : l[0].substring(colon + 1), parse(l[1], types), false));
                }
            });
            return types;
        }

        private static GoType parse(String t, Map<String, GoType> types) {
            if (t.startsWith("*")) {
                return new GoType(Kind.POINTER, null, parse(t.substring(1), types), 0);
            }
            if (t.startsWith("[]")) {
                return new GoType(Kind.SLICE, null, parse(t.substring(2), types), 0);
            }
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                return new GoType(Kind.ARRAY, null, parse(t.substring(close + 1), types), Integer.parseInt(t.substring(1, close)));
            }
            if (t.startsWith("map[")) {
                return new GoType(Kind.MAP, null, parse(t.substring(4, t.length() - 1), types), 0);
            }
            return switch (t) {
                case "string" -> new GoType(Kind.STRING, null, null, 0);
                case "bool" -> new GoType(Kind.BOOL, null, null, 0);
                case "int" -> new GoType(Kind.INT, null, null, 0);
                case "uint" -> new GoType(Kind.UINT, null, null, 0);
                case "float" -> new GoType(Kind.FLOAT, null, null, 0);
                case "time" -> new GoType(Kind.TIME, null, null, 0);
                case "any" -> new GoType(Kind.ANY, null, null, 0);
                default -> {
                    GoType named = types.get(t);
                    if (named == null) {
                        throw new IllegalStateException("docker-types.txt: no type " + t);
                    }
                    yield named;
                }
            };
        }
    }
}
