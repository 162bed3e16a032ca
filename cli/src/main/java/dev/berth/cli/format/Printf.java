package dev.berth.cli.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Go's {@code fmt.Sprintf} for the verbs templates use: {@code %v %s %q %d %x %X %o %b %c %f %e
 * %g %t %%}, with flags {@code - + 0 space #}, width and precision; a missing argument prints
 * {@code %!d(MISSING)} and a wrong one {@code %!d(string=x)}, as Go does.
 *
 * @see <a href="https://pkg.go.dev/fmt">fmt</a>
 */
final class Printf {
    private Printf() {
    }

    static String format(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int j = i + 1;
            String flags = "";
            while (j < format.length() && "-+# 0".indexOf(format.charAt(j)) >= 0) {
                flags += format.charAt(j++);
            }
            int width = -1;
            int precision = -1;
            int ws = j;
            while (j < format.length() && Character.isDigit(format.charAt(j))) {
                j++;
            }
            if (j > ws) {
                width = Integer.parseInt(format.substring(ws, j));
            }
            if (j < format.length() && format.charAt(j) == '.') {
                j++;
                int ps = j;
                while (j < format.length() && Character.isDigit(format.charAt(j))) {
                    j++;
                }
                precision = j > ps ? Integer.parseInt(format.substring(ps, j)) : 0;
            }
            if (j >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(j);
            i = j;
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(pad(one(verb, flags, precision, args.get(next++)), width, flags));
        }
        if (next < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = next; k < args.size(); k++) {
                out.append(k > next ? ", " : "").append(Values.typeName(args.get(k))).append('=').append(Values.print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String one(char verb, String flags, int precision, Object v) {
        switch (verb) {
            case 'v', 's' -> {
                if (verb == 's' && (v instanceof Number || v instanceof Boolean)) {
                    return bad(verb, v);
                }
                if (verb == 'v' && v instanceof String s && flags.contains("#")) {
                    return quote(s);
                }
                String s = Values.print(v);
                return precision >= 0 && v instanceof String && s.codePointCount(0, s.length()) > precision
                        ? s.substring(0, s.offsetByCodePoints(0, precision)) : s;
            }
            case 'q' -> {
                if (v instanceof String s) {
                    return quote(s);
                }
                if (Values.isInteger(v)) {
                    return "'" + new String(Character.toChars((int) ((Number) v).longValue())) + "'";
                }
                return bad(verb, v);
            }
            case 't' -> {
                return v instanceof Boolean ? v.toString() : bad(verb, v);
            }
            case 'd', 'b', 'o', 'x', 'X', 'c' -> {
                if (Values.isInteger(v)) {
                    long n = ((Number) v).longValue();
                    String sign = n < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
                    String digits = switch (verb) {
                        case 'd' -> Long.toString(Math.abs(n));
                        case 'b' -> Long.toBinaryString(Math.abs(n));
                        case 'o' -> Long.toOctalString(Math.abs(n));
                        case 'x' -> Long.toHexString(Math.abs(n));
                        case 'X' -> Long.toHexString(Math.abs(n)).toUpperCase(Locale.ROOT);
                        default -> new String(Character.toChars((int) n));
                    };
                    return verb == 'c' ? digits : sign + digits;
                }
                if ((verb == 'x' || verb == 'X') && v instanceof String s) {
                    StringBuilder hex = new StringBuilder();
                    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                        hex.append(String.format(verb == 'x' ? "%02x" : "%02X", b));
                    }
                    return hex.toString();
                }
                return bad(verb, v);
            }
            case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                if (!(v instanceof Number n) || Values.isInteger(v)) {
                    return bad(verb, v);
                }
                double d = n.doubleValue();
                String sign = d >= 0 && flags.contains("+") ? "+" : "";
                if (verb == 'g' || verb == 'G') {
                    return sign + (precision < 0 ? Values.floatText(d) : String.format(Locale.ROOT, "%." + precision + "g", d));
                }
                String s = String.format(Locale.ROOT, "%." + (precision < 0 ? 6 : precision) + (verb == 'F' ? 'f' : verb), d);
                // Go writes a two-digit exponent at least, as Java does: 1.000000e+06
                return sign + s;
            }
            default -> {
                return "%!" + verb + "(" + Values.typeName(v) + "=" + Values.print(v) + ")";
            }
        }
    }

    private static String bad(char verb, Object v) {
        return "%!" + verb + "(" + Values.typeName(v) + "=" + Values.print(v) + ")";
    }

    private static String pad(String s, int width, String flags) {
        int length = s.codePointCount(0, s.length());
        if (width <= length) {
            return s;
        }
        String fill = " ".repeat(width - length);
        if (flags.contains("-")) {
            return s + fill;
        }
        if (flags.contains("0") && !s.isEmpty() && (Character.isDigit(s.charAt(s.length() - 1)))) {
            boolean signed = s.startsWith("-") || s.startsWith("+");
            return signed ? s.charAt(0) + "0".repeat(width - length) + s.substring(1) : "0".repeat(width - length) + s;
        }
        return fill + s;
    }

    /** Go's {@code strconv.Quote}. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case 11 -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
