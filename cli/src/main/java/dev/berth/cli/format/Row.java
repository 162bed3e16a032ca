package dev.berth.cli.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One listed item as docker's formatter contexts show it to a template: named fields
 * ({@code .ID}, {@code .Names}) and methods that take arguments ({@code .Label "key"}). A
 * field's value is computed when a template reads it, so an expensive one (a container's size)
 * costs only when asked for. Its {@link Columns} give each field's {@code table} header.
 *
 * @see <a href="https://docs.docker.com/engine/cli/formatting/">Format command and log output</a>
 */
public final class Row {
    private final Columns columns;
    private final Map<String, Supplier<?>> fields;
    private final Map<String, Function<List<Object>, Object>> methods;

    private Row(Columns columns, Map<String, Supplier<?>> fields, Map<String, Function<List<Object>, Object>> methods) {
        this.columns = columns;
        this.fields = fields;
        this.methods = methods;
    }

    /**
     * The fields a kind of row has, with their headers, its default table, and what heads the
     * column of a method ({@code .Label "key"} is headed by the key).
     */
    public record Columns(String type, Map<String, String> headers, String defaultTable,
            Map<String, Function<List<Object>, Object>> methodHeaders) {
        public Columns(String type, Map<String, String> headers, String defaultTable) {
            this(type, headers, defaultTable, Map.of());
        }

        /** A row of these columns. */
        public Builder row() {
            return new Builder(this);
        }

        /** What a {@code table}'s header line runs on: each field's header, each method's. */
        Row headerRow() {
            Builder b = row();
            headers.forEach(b::field);
            methodHeaders.forEach(b::method);
            return b.build();
        }
    }

    /** Builds a {@link Row}. */
    public static final class Builder {
        private final Columns columns;
        private final Map<String, Supplier<?>> fields = new LinkedHashMap<>();
        private final Map<String, Function<List<Object>, Object>> methods = new LinkedHashMap<>();

        private Builder(Columns columns) {
            this.columns = columns;
        }

        public Builder field(String name, Object value) {
            return lazy(name, () -> value);
        }

        /** A field computed when a template reads it. */
        public Builder lazy(String name, Supplier<?> value) {
            if (!columns.headers().containsKey(name)) {
                throw new IllegalArgumentException(columns.type() + " has no column " + name);
            }
            fields.put(name, value);
            return this;
        }

        /** A method taking arguments, such as {@code Label}. */
        public Builder method(String name, Function<List<Object>, Object> body) {
            methods.put(name, body);
            return this;
        }

        public Row build() {
            return new Row(columns, new LinkedHashMap<>(fields), Map.copyOf(methods));
        }
    }

    String type() {
        return columns.type();
    }

    boolean has(String name) {
        return fields.containsKey(name) || methods.containsKey(name);
    }

    /** The field's value, or the method's with {@code args}. */
    Object get(String name, List<Object> args) {
        Supplier<?> f = fields.get(name);
        if (f != null) {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException(name + " has arguments but cannot be invoked as function");
            }
            return f.get();
        }
        return methods.get(name).apply(args);
    }

    /** Every field with its value, keys sorted, as docker's {@code {{json .}}} of a context. */
    Map<String, Object> values() {
        Map<String, Object> v = new TreeMap<>();
        fields.forEach((k, c) -> v.put(k, c.get()));
        return v;
    }
}
