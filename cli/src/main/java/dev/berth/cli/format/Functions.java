package dev.berth.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The functions a template can call: Go's builtins ({@code and or not len index slice print
 * printf println eq ne lt le gt ge}) and those docker's CLI adds ({@code json split join title
 * lower upper pad truncate}; docker/cli {@code templates/templates.go}). For a {@code table}
 * header, docker's functions return their first argument, so {@code {{upper .Name}}} heads its
 * column {@code NAME}.
 *
 * @see <a href="https://docs.docker.com/engine/cli/formatting/">Format command and log output</a>
 */
final class Functions {
    /** A function: its arguments evaluated; an {@link IllegalArgumentException} is its error. */
    interface Function {
        Object call(List<Object> args);
    }

    private static final Set<String> DOCKER = Set.of("json", "split", "join", "title", "lower", "upper", "pad", "truncate");

    private final Map<String, Function> functions = new HashMap<>();

    private Functions() {
    }

    /** Go's builtins and docker's functions. */
    static Functions standard() {
        Functions f = builtins();
        f.put("json", 1, a -> json(a.get(0)));
        f.put("split", 2, a -> List.<Object>copyOf(split(string(a, 0, "split"), string(a, 1, "split"))));
        f.put("join", 2, a -> join(a.get(0), string(a, 1, "join")));
        f.put("title", 1, a -> title(string(a, 0, "title")));
        f.put("lower", 1, a -> string(a, 0, "lower").toLowerCase(Locale.ROOT));
        f.put("upper", 1, a -> string(a, 0, "upper").toUpperCase(Locale.ROOT));
        f.put("pad", 3, a -> " ".repeat((int) integer(a, 1, "pad")) + string(a, 0, "pad") + " ".repeat((int) integer(a, 2, "pad")));
        f.put("truncate", 2, a -> truncate(string(a, 0, "truncate"), (int) integer(a, 1, "truncate")));
        return f;
    }

    /** As {@link #standard()}, docker's functions returning their first argument: for {@code table}'s header line. */
    static Functions header() {
        Functions f = standard();
        for (String name : DOCKER) {
            f.functions.put(name, a -> a.isEmpty() ? "" : a.get(0));
        }
        return f;
    }

    Set<String> names() {
        return functions.keySet();
    }

    Function get(String name) {
        return functions.get(name);
    }

    private void put(String name, int arity, Function body) {
        functions.put(name, a -> {
            if (a.size() != arity) {
                throw new IllegalArgumentException("wrong number of args for " + name + ": want " + arity + " got " + a.size());
            }
            return body.call(a);
        });
    }

    private static Functions builtins() {
        Functions f = new Functions();
        f.functions.put("and", a -> {
            atLeast(a, 1, "and");
            for (Object v : a) {
                if (!Values.truth(v)) {
                    return v;
                }
            }
            return a.get(a.size() - 1);
        });
        f.functions.put("or", a -> {
            atLeast(a, 1, "or");
            for (Object v : a) {
                if (Values.truth(v)) {
                    return v;
                }
            }
            return a.get(a.size() - 1);
        });
        f.put("not", 1, a -> !Values.truth(a.get(0)));
        f.put("len", 1, a -> length(a.get(0)));
        f.functions.put("index", a -> {
            atLeast(a, 1, "index");
            Object v = a.get(0);
            for (Object key : a.subList(1, a.size())) {
                v = index(v, key);
            }
            return v;
        });
        f.functions.put("slice", Functions::slice);
        f.functions.put("print", Functions::print);
        f.functions.put("println", a -> {
            List<String> parts = new ArrayList<>();
            a.forEach(v -> parts.add(Values.print(v)));
            return String.join(" ", parts) + "\n";
        });
        f.functions.put("printf", a -> {
            atLeast(a, 1, "printf");
            return Printf.format(string(a, 0, "printf"), a.subList(1, a.size()));
        });
        f.functions.put("eq", a -> {
            atLeast(a, 2, "eq");
            for (Object other : a.subList(1, a.size())) {
                if (Values.equal(a.get(0), other)) {
                    return true;
                }
            }
            return false;
        });
        f.put("ne", 2, a -> !Values.equal(a.get(0), a.get(1)));
        f.put("lt", 2, a -> Values.compare(a.get(0), a.get(1)) < 0);
        f.put("le", 2, a -> Values.compare(a.get(0), a.get(1)) <= 0);
        f.put("gt", 2, a -> Values.compare(a.get(0), a.get(1)) > 0);
        f.put("ge", 2, a -> Values.compare(a.get(0), a.get(1)) >= 0);
        return f;
    }

    private static void atLeast(List<Object> a, int n, String name) {
        if (a.size() < n) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want at least " + n + " got " + a.size());
        }
    }

    private static String string(List<Object> a, int i, String name) {
        Object v = a.get(i);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("wrong type for value; expected string; got " + Values.typeName(v));
    }

    private static long integer(List<Object> a, int i, String name) {
        Object v = a.get(i);
        if (Values.isInteger(v)) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException("wrong type for value; expected int; got " + Values.typeName(v));
    }

    /** fmt.Sprint: a space between two operands when neither is a string. */
    private static Object print(List<Object> a) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            if (i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            out.append(Values.print(a.get(i)));
        }
        return out.toString();
    }

    private static Object length(Object v) {
        if (v instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length; // Go counts bytes
        }
        if (v instanceof List<?> l) {
            return (long) l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        if (v == null || v == Values.MISSING) {
            throw new IllegalArgumentException("len of nil pointer");
        }
        throw new IllegalArgumentException("len of type " + Values.typeName(v));
    }

    private static Object index(Object v, Object key) {
        if (v instanceof List<?> l) {
            if (!Values.isInteger(key)) {
                throw new IllegalArgumentException("cannot index slice/array with type " + Values.typeName(key));
            }
            long i = ((Number) key).longValue();
            if (i < 0 || i >= l.size()) {
                throw new IllegalArgumentException("index out of range: " + i);
            }
            return l.get((int) i);
        }
        if (v instanceof Map<?, ?> m) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("value has type " + Values.typeName(key) + "; should be string");
            }
            if (m.containsKey(key)) {
                return m.get(key);
            }
            // The zero value of the map's element: "" for docker's string maps (labels, options).
            return !m.isEmpty() && m.values().stream().allMatch(x -> x instanceof String) ? "" : Values.MISSING;
        }
        if (v instanceof String s && Values.isInteger(key)) {
            long i = ((Number) key).longValue();
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (i < 0 || i >= bytes.length) {
                throw new IllegalArgumentException("index out of range: " + i);
            }
            return (long) (bytes[(int) i] & 0xff);
        }
        if (v == null || v == Values.MISSING) {
            throw new IllegalArgumentException("index of untyped nil");
        }
        throw new IllegalArgumentException("can't index item of type " + Values.typeName(v));
    }

    private static Object slice(List<Object> a) {
        atLeast(a, 1, "slice");
        Object v = a.get(0);
        int size = v instanceof String s ? s.length() : v instanceof List<?> l ? l.size() : -1;
        if (size < 0) {
            throw new IllegalArgumentException("can't slice item of type " + Values.typeName(v));
        }
        int from = a.size() > 1 ? (int) integer(a, 1, "slice") : 0;
        int to = a.size() > 2 ? (int) integer(a, 2, "slice") : size;
        if (from < 0 || to < from || to > size) {
            throw new IllegalArgumentException("index out of range: " + (to > size ? to : from));
        }
        return v instanceof String s ? s.substring(from, to) : List.copyOf(((List<?>) v).subList(from, to));
    }

    /** docker's {@code json}: the value encoded, no HTML escaping, no trailing newline. */
    static String json(Object v) {
        try {
            String json = Mapper.JSON.writeValueAsString(jsonable(v));
            // a context is marshalled by Go's json.Marshal first, which escapes HTML
            return v instanceof Row ? IndentedJson.escapeHtml(json) : json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
    }

    private static Object jsonable(Object v) {
        if (v == Values.MISSING || v instanceof GoValues.NilList || v instanceof GoValues.NilMap) {
            return null;
        }
        if (v instanceof Row r) {
            return r.values();
        }
        if (v instanceof GoValues.GoTime t) {
            return t.json();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Functions::jsonable).toList();
        }
        return v;
    }

    /** Go's strings.Split: an empty separator splits after each character. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        int from = 0;
        while (true) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                out.add(s.substring(from));
                return out;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
    }

    private static String join(Object list, String sep) {
        if (!(list instanceof List<?> l)) {
            throw new IllegalArgumentException("wrong type for value; expected []string; got " + Values.typeName(list));
        }
        List<String> parts = new ArrayList<>();
        l.forEach(v -> parts.add(Values.print(v)));
        return String.join(sep, parts);
    }

    /** Go's strings.Title: each letter that follows a non-letter upper-cased. */
    static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(start ? Character.toTitleCase(c) : c);
            start = !(Character.isLetterOrDigit(c) || c == '_');
        }
        return out.toString();
    }

    private static String truncate(String s, int length) {
        return s.codePointCount(0, s.length()) <= length ? s : s.substring(0, s.offsetByCodePoints(0, length));
    }

    /** Made when a template first calls {@code json}: a mapper costs a listing's start more than its rows (#17). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
