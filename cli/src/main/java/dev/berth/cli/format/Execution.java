package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed template over a value, as Go's {@code text/template} {@code exec.go}: the dot,
 * variables in scopes, fields of maps and {@link Row}s, functions, and errors that say where.
 */
final class Execution {
    private final String name;
    private final String text;
    private final Functions functions;
    private final Template.MissingKey missingKey;
    private final StringBuilder out;
    private final List<Object[]> variables = new ArrayList<>();
    private boolean raw;
    /** The Go types of the data, for a typed run ({@link Template#execute(Object, String)}); null for an untyped one. */
    private GoValues typed;

    /** {@code break} and {@code continue}, unwinding to their range. */
    private static final class Jump extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean isBreak;

        Jump(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    Execution(String name, String text, Functions functions, Template.MissingKey missingKey, StringBuilder out) {
        this.name = name;
        this.text = text;
        this.functions = functions;
        this.missingKey = missingKey;
        this.out = out;
    }

    void run(List<Node> nodes, Object data) {
        run(nodes, data, null);
    }

    /** As {@link #run(List, Object)}, {@code data} being a value of the Go type {@code type} (null: untyped). */
    void run(List<Node> nodes, Object data, GoType type) {
        raw = data instanceof Map && type == null;
        if (type != null) {
            typed = new GoValues();
            typed.of(data, type);
        }
        variables.add(new Object[] {"$", data});
        list(nodes, data);
    }

    private void list(List<Node> nodes, Object dot) {
        for (Node n : nodes) {
            node(n, dot);
        }
    }

    private void node(Node n, Object dot) {
        if (n instanceof Node.Text t) {
            out.append(t.text());
        } else if (n instanceof Node.Action a) {
            Object v = pipeline(a.pipeline(), dot);
            if (a.pipeline().variables().isEmpty()) {
                out.append(typed == null ? Values.print(v) : typed.print(v));
            }
        } else if (n instanceof Node.Branch b) {
            branch(b, dot);
        } else if (n instanceof Node.Jump j) {
            throw new Jump(j.isBreak());
        }
    }

    private void branch(Node.Branch b, Object dot) {
        int scope = variables.size();
        try {
            if (b.kind() == Node.Branch.Kind.RANGE) {
                range(b, dot);
                return;
            }
            Object v = pipeline(b.pipeline(), dot);
            if (truth(v)) {
                list(b.body(), b.kind() == Node.Branch.Kind.WITH ? v : dot);
            } else {
                list(b.otherwise(), dot);
            }
        } finally {
            truncate(scope);
        }
    }

    private void range(Node.Branch b, Object dot) {
        Node.Pipeline p = b.pipeline();
        Object v = commands(p, dot);
        List<Object[]> pairs = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                pairs.add(new Object[] {(long) i, element(v, list.get(i))});
            }
        } else if (v instanceof Map<?, ?> map) {
            Values.sorted(map).forEach((k, x) -> pairs.add(new Object[] {k, element(v, x)}));
        } else if (Values.isInteger(v)) {
            for (long i = 0; i < ((Number) v).longValue(); i++) {
                pairs.add(new Object[] {i, i});
            }
        } else if (v != null && v != Values.MISSING) {
            throw error(p.offset(), p.source(), "range can't iterate over " + Values.print(v));
        }
        if (pairs.isEmpty()) {
            list(b.otherwise(), dot);
            return;
        }
        int scope = variables.size();
        for (Object[] pair : pairs) {
            truncate(scope);
            List<String> names = p.variables();
            if (names.size() == 1) {
                declare(names.get(0), pair[1], p.declares());
            } else if (names.size() == 2) {
                declare(names.get(0), pair[0], p.declares());
                declare(names.get(1), pair[1], p.declares());
            }
            try {
                list(b.body(), pair[1]);
            } catch (Jump j) {
                if (j.isBreak) {
                    break;
                }
            }
        }
    }

    private void truncate(int size) {
        while (variables.size() > size) {
            variables.remove(variables.size() - 1);
        }
    }

    private void declare(String variable, Object value, boolean declares) {
        if (declares) {
            variables.add(new Object[] {variable, value});
            return;
        }
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i)[0].equals(variable)) {
                variables.get(i)[1] = value;
                return;
            }
        }
        throw new IllegalStateException("undefined variable " + variable);
    }

    private Object variable(Node.Arg at, String variable) {
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i)[0].equals(variable)) {
                return variables.get(i)[1];
            }
        }
        throw error(at.offset(), variable, "undefined variable: " + variable);
    }

    /** A pipeline's value; its variables declared or assigned. */
    private Object pipeline(Node.Pipeline p, Object dot) {
        Object v = commands(p, dot);
        for (String variable : p.variables()) {
            declare(variable, v, p.declares());
        }
        return v;
    }

    private Object commands(Node.Pipeline p, Object dot) {
        Object value = null;
        boolean piped = false;
        for (Node.Command c : p.commands()) {
            value = command(c, dot, value, piped);
            piped = true;
        }
        return value;
    }

    private Object command(Node.Command c, Object dot, Object last, boolean piped) {
        Node.Arg first = c.args().get(0);
        List<Node.Arg> rest = c.args().subList(1, c.args().size());
        if (first instanceof Node.Field f) {
            return chain(f, dot, f.names(), rest, dot, last, piped, source(f));
        }
        if (first instanceof Node.Variable v) {
            Object value = variable(v, v.name());
            if (v.names().isEmpty()) {
                noArguments(c, first, source(v), rest, piped);
                return value;
            }
            return chain(v, value, v.names(), rest, dot, last, piped, source(v));
        }
        if (first instanceof Node.Parenthesized p) {
            Object value = pipeline(p.pipeline(), dot);
            if (p.names().isEmpty()) {
                noArguments(c, first, "(" + p.pipeline().source() + ")", rest, piped);
                return value;
            }
            return chain(p, value, p.names(), rest, dot, last, piped, source(p));
        }
        if (first instanceof Node.Identifier id) {
            List<Object> args = new ArrayList<>();
            for (Node.Arg a : rest) {
                args.add(argument(a, dot));
            }
            if (piped) {
                args.add(last);
            }
            try {
                if (typed != null && id.name().equals("index")) {
                    return typedIndex(args);
                }
                return functions.get(id.name()).call(args);
            } catch (TemplateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw error(c.offset(), c.source(), "error calling " + id.name() + ": " + e.getMessage());
            }
        }
        if (first instanceof Node.Literal l) {
            if (l.source().equals("nil")) {
                throw error(first.offset(), "nil", "nil is not a command");
            }
            noArguments(c, first, l.source(), rest, piped);
            return l.value();
        }
        noArguments(c, first, ".", rest, piped);
        return dot;
    }

    private void noArguments(Node.Command c, Node.Arg first, String what, List<Node.Arg> rest, boolean piped) {
        if (!rest.isEmpty() || piped) {
            throw error(first.offset(), what, "can't give argument to non-function " + what);
        }
    }

    /** An argument of a function or method: an operand, a field chain or a parenthesized pipeline. */
    private Object argument(Node.Arg a, Object dot) {
        if (a instanceof Node.Literal l) {
            return l.value();
        }
        if (a instanceof Node.Field f) {
            return chain(f, dot, f.names(), List.of(), dot, null, false, source(f));
        }
        if (a instanceof Node.Variable v) {
            return v.names().isEmpty() ? variable(v, v.name())
                    : chain(v, variable(v, v.name()), v.names(), List.of(), dot, null, false, source(v));
        }
        if (a instanceof Node.Parenthesized p) {
            Object value = pipeline(p.pipeline(), dot);
            return p.names().isEmpty() ? value : chain(p, value, p.names(), List.of(), dot, null, false, source(p));
        }
        if (a instanceof Node.Identifier id) {
            try {
                return functions.get(id.name()).call(List.of());
            } catch (RuntimeException e) {
                throw error(id.offset(), id.name(), "error calling " + id.name() + ": " + e.getMessage());
            }
        }
        return dot;
    }

    /** {@code receiver.A.B ARGS}: the last name gets the arguments (and the piped value), as a method call. */
    private Object chain(Node.Arg at, Object receiver, List<String> names, List<Node.Arg> rest, Object dot, Object last,
            boolean piped, String source) {
        Object v = receiver;
        for (int i = 0; i < names.size(); i++) {
            boolean isLast = i == names.size() - 1;
            List<Object> args = new ArrayList<>();
            boolean hasArgs = isLast && (!rest.isEmpty() || piped);
            if (hasArgs) {
                for (Node.Arg a : rest) {
                    args.add(argument(a, dot));
                }
                if (piped) {
                    args.add(last);
                }
            }
            v = field(at, source, v, names.get(i), args, hasArgs);
        }
        return v;
    }

    private Object field(Node.Arg at, String source, Object receiver, String field, List<Object> args, boolean hasArgs) {
        if (receiver instanceof Row row) {
            if (!row.has(field)) {
                throw error(at.offset(), source, "can't evaluate field " + field + " in type " + row.type());
            }
            try {
                return row.get(field, args);
            } catch (IllegalArgumentException e) {
                throw error(at.offset(), source, e.getMessage());
            }
        }
        GoType type = typed == null ? null : typed.typeOf(receiver);
        if (type != null && type.struct() != null) {
            GoType.Field f = type.struct().field(field);
            if (f == null) {
                throw error(at.offset(), source, "can't evaluate field " + field + " in type " + type);
            }
            if (hasArgs) {
                throw error(at.offset(), source, field + " has arguments but cannot be invoked as function");
            }
            return typed.field((Map<?, ?>) receiver, f);
        }
        if (receiver instanceof Map<?, ?> map) {
            if (hasArgs) {
                throw error(at.offset(), source, field + " is not a method but has arguments");
            }
            if (map.containsKey(field)) {
                return element(map, map.get(field));
            }
            if (missingKey == Template.MissingKey.ERROR) {
                throw error(at.offset(), source, "map has no entry for key \"" + field + "\"");
            }
            return Values.MISSING;
        }
        if (receiver == Values.MISSING) {
            if (missingKey == Template.MissingKey.ERROR) {
                throw error(at.offset(), source, "nil data; no entry for key \"" + field + "\"");
            }
            return Values.MISSING;
        }
        if (receiver == null) {
            throw error(at.offset(), source, "nil pointer evaluating interface {}." + field);
        }
        // values read from decoded JSON are Go interface values
        String typeName = raw && !(receiver instanceof Row) ? "interface {}" : Values.typeName(receiver);
        throw error(at.offset(), source, "can't evaluate field " + field + " in type " + typeName);
    }

    /** An element of a list or map: typed as the collection's elements are, in a typed run. */
    private Object element(Object collection, Object value) {
        return typed == null ? value : typed.element(collection, value);
    }

    /** {@code text/template}'s truth; a struct (not nil) is true, whatever its fields. */
    private boolean truth(Object v) {
        GoType type = typed == null ? null : typed.typeOf(v);
        return type != null && type.struct() != null || Values.truth(v);
    }

    /** {@code index} in a typed run: a key a typed map lacks gives its element type's zero value ({@code ""} for labels), as in Go. */
    private Object typedIndex(List<Object> args) {
        Object v = args.isEmpty() ? null : args.get(0);
        if (args.size() < 2) {
            return functions.get("index").call(args);
        }
        for (Object key : args.subList(1, args.size())) {
            GoType type = typed.typeOf(v);
            if (type != null && v instanceof Map<?, ?> m && key instanceof String && !m.containsKey(key) && type.element != null) {
                v = typed.zero(type.element);
            } else {
                v = element(v, functions.get("index").call(java.util.Arrays.asList(v, key)));
            }
        }
        return v;
    }

    private static String source(Node.Arg a) {
        if (a instanceof Node.Field f) {
            return "." + String.join(".", f.names());
        }
        if (a instanceof Node.Variable v) {
            return v.name() + (v.names().isEmpty() ? "" : "." + String.join(".", v.names()));
        }
        if (a instanceof Node.Parenthesized p) {
            return "(" + p.pipeline().source() + ")" + (p.names().isEmpty() ? "" : "." + String.join(".", p.names()));
        }
        return "";
    }

    private TemplateException error(int offset, String node, String message) {
        return TemplateException.execution(name, text, offset, node, message);
    }
}
