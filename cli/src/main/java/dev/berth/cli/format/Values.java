package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Go's templates do with values, over Java's: {@code null} is Go's nil, {@link #MISSING}
 * the "no value" of an absent map key; numbers, strings, booleans, lists and maps as JSON
 * decodes them; {@link Row}s as docker's formatter contexts. Printing follows {@code fmt}'s
 * {@code %v}, truth and comparison {@code text/template}'s.
 */
final class Values {
    /** The value of a map key that is not there: printed as {@code <no value>}. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    private Values() {
    }

    /** {@code fmt.Sprint(v)}. */
    static String print(Object v) {
        StringBuilder out = new StringBuilder();
        print(out, v);
        return out.toString();
    }

    private static void print(StringBuilder out, Object v) {
        if (v == null) {
            out.append("<nil>");
        } else if (v == MISSING) {
            out.append("<no value>");
        } else if (v instanceof Double || v instanceof Float) {
            out.append(floatText(((Number) v).doubleValue()));
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                print(out, list.get(i));
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> map) {
            out.append("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : sorted(map).entrySet()) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                print(out, e.getKey());
                out.append(':');
                print(out, e.getValue());
            }
            out.append(']');
        } else if (v instanceof Row row) {
            out.append('{');
            print(out, List.copyOf(row.values().values()));
            out.append('}');
        } else {
            out.append(v);
        }
    }

    /** Go's {@code %v} of a float64: the shortest digits, with an exponent below 1e-4 and from 1e6 ({@code %g}). */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = b.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return b.toPlainString();
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> sorted(Map<?, ?> map) {
        Map<Object, Object> out = new TreeMap<>((a, b) -> compareKeys(a, b));
        out.putAll((Map<Object, Object>) map);
        return out;
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** {@code text/template}'s truth: false, 0, nil, and empty strings, lists and maps are false. */
    static boolean truth(Object v) {
        if (v == null || v == MISSING) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Number n) {
            return n instanceof Double || n instanceof Float || n instanceof BigDecimal ? n.doubleValue() != 0 : n.longValue() != 0;
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Go's name of a value's type, for error messages. */
    static String typeName(Object v) {
        if (v == null || v == MISSING) {
            return "<nil>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            return "float64";
        }
        if (v instanceof Number) {
            return "int";
        }
        if (v instanceof List<?>) {
            return "[]interface {}";
        }
        if (v instanceof Map<?, ?>) {
            return "map[string]interface {}";
        }
        if (v instanceof Row r) {
            return r.type();
        }
        return v.getClass().getSimpleName();
    }

    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger;
    }

    /** {@code eq}'s comparison: same basic kinds only, as Go's ("incompatible types for comparison"). */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null || a == MISSING || b == MISSING) {
            return (a == null || a == MISSING) && (b == null || b == MISSING);
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (isInteger(x) != isInteger(y)) {
                throw new IllegalArgumentException("incompatible types for comparison");
            }
            return isInteger(x) ? x.longValue() == y.longValue() : x.doubleValue() == y.doubleValue();
        }
        if (a instanceof String || b instanceof String || a instanceof Boolean || b instanceof Boolean) {
            if (a.getClass() != b.getClass()) {
                throw new IllegalArgumentException("incompatible types for comparison");
            }
            return a.equals(b);
        }
        throw new IllegalArgumentException("non-comparable type " + print(a) + ": " + typeName(a));
    }

    /** {@code lt}'s ordering of two numbers or two strings. */
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (isInteger(x) != isInteger(y)) {
                throw new IllegalArgumentException("incompatible types for comparison");
            }
            return isInteger(x) ? Long.compare(x.longValue(), y.longValue()) : Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            throw new IllegalArgumentException("incompatible types for comparison");
        }
        throw new IllegalArgumentException("invalid type for comparison");
    }
}
