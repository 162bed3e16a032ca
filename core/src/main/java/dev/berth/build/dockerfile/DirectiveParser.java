package dev.berth.build.dockerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recognises the parser directives at the top of a Dockerfile ({@code # syntax=}, {@code # escape=},
 * {@code # check=}): case-insensitive, each at most once, and only before the first line that is not one.
 */
final class DirectiveParser {
    private static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean done;
    private char escape = '\\';

    void offer(String line, int lineNumber) {
        if (done) {
            return;
        }
        String[] directive = match(line);
        if (directive == null) {
            done = true;
            return;
        }
        String key = directive[0].toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(key)) {
            done = true;
            return;
        }
        if (values.containsKey(key)) {
            throw new DockerfileException(lineNumber, "only one " + key + " parser directive can be used");
        }
        String value = directive[1];
        if (key.equals("escape")) {
            if (!value.equals("`") && !value.equals("\\")) {
                throw new DockerfileException(lineNumber, "invalid escape token '" + value
                        + "' does not match ` or \\");
            }
            escape = value.charAt(0);
        }
        values.put(key, value);
    }

    /**
     * Name and value if {@code line} is {@code #\s*name\s*=\s*value\s*} as BuildKit's regular expression
     * {@code ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$} reads it, else null. Hand-written so that
     * long lines of whitespace cannot make matching quadratic.
     */
    static String[] match(String line) {
        int n = line.length();
        if (n == 0 || line.charAt(0) != '#') {
            return null;
        }
        int i = skipBlanks(line, 1);
        int nameStart = i;
        if (i >= n || !isAsciiLetter(line.charAt(i))) {
            return null;
        }
        while (i < n && (isAsciiLetter(line.charAt(i)) || line.charAt(i) >= '0' && line.charAt(i) <= '9')) {
            i++;
        }
        String name = line.substring(nameStart, i);
        i = skipBlanks(line, i);
        if (i >= n || line.charAt(i) != '=') {
            return null;
        }
        int afterEquals = i + 1;
        i = skipBlanks(line, afterEquals);
        int end = n;
        while (end > i && isBlank(line.charAt(end - 1))) {
            end--;
        }
        if (end > i) {
            return new String[] {name, line.substring(i, end)};
        }
        // only blanks after '=': the regex gives the last of them to the one-character value
        return i > afterEquals ? new String[] {name, line.substring(i - 1, i)} : null;
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Go's {@code \s}: tab, newline, form feed, carriage return and space (not vertical tab). */
    private static boolean isBlank(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    Map<String, String> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Whether a line that is no directive has ended the directives. */
    boolean done() {
        return done;
    }

    char escape() {
        return escape;
    }
}
