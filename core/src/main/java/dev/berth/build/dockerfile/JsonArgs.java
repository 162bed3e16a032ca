package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether an instruction's arguments are the JSON (exec) form, as BuildKit does with Go's
 * {@code json.Unmarshal} into {@code []any}: text that is not exactly one valid JSON array is not the
 * JSON form (the caller falls back to the shell form), while a valid array holding anything but strings
 * is an error. Validation is iterative, so deeply nested input cannot exhaust the stack.
 */
final class JsonArgs {
    /** Go's encoding/json nesting limit; deeper input is invalid JSON there too. */
    private static final int MAX_DEPTH = 10000;

    private final String text;
    private int pos;

    private JsonArgs(String text) {
        this.text = text;
    }

    /** Thrown for a valid JSON array with a non-string element. */
    static final class NotStringArray extends Exception {
        private static final long serialVersionUID = 1L;

        NotStringArray() {
            super("when using JSON array syntax, arrays must be comprised of strings only", null, false, false);
        }
    }

    /**
     * The strings of {@code rest} if it is a JSON array of strings, or null when it is not JSON.
     *
     * @throws NotStringArray if it is a valid JSON array with a non-string element
     */
    static List<String> parse(String rest) throws NotStringArray {
        String trimmed = GoText.trimLeftSpace(rest);
        if (!trimmed.startsWith("[")) {
            return null;
        }
        JsonArgs json = new JsonArgs(trimmed);
        List<String> strings = new ArrayList<>();
        boolean allStrings = json.topArray(strings);
        if (!allStrings && json.valid) {
            throw new NotStringArray();
        }
        return json.valid ? strings : null;
    }

    private boolean valid = true;

    /** Parses the top-level array; returns whether every element was a string. */
    private boolean topArray(List<String> strings) {
        boolean allStrings = true;
        pos = 1;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                if (peek() == '"') {
                    String s = string();
                    if (s == null) {
                        return fail();
                    }
                    strings.add(s);
                } else if (!value()) {
                    return fail();
                } else {
                    allStrings = false;
                }
                skipWhitespace();
                int c = peek();
                pos++;
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    return fail();
                }
            }
        }
        skipWhitespace();
        if (pos != text.length()) {
            return fail();
        }
        return allStrings;
    }

    private boolean fail() {
        valid = false;
        return false;
    }

    /** Skips one JSON value of any kind, nested containers included, without recursion. */
    private boolean value() {
        StringBuilder stack = new StringBuilder();
        while (true) {
            skipWhitespace();
            int c = peek();
            if (c == '[' || c == '{') {
                if (stack.length() >= MAX_DEPTH) {
                    return false;
                }
                stack.append((char) c);
                pos++;
                skipWhitespace();
                int close = c == '[' ? ']' : '}';
                if (peek() == close) {
                    pos++;
                    stack.setLength(stack.length() - 1);
                } else {
                    if (c == '{' && !objectKey()) {
                        return false;
                    }
                    continue;
                }
            } else if (!scalar()) {
                return false;
            }
            // after a value: close containers or move to the next element
            while (true) {
                if (stack.length() == 0) {
                    return true;
                }
                skipWhitespace();
                char open = stack.charAt(stack.length() - 1);
                int next = peek();
                pos++;
                if (next == ',') {
                    if (open == '{' && !objectKey()) {
                        return false;
                    }
                    break;
                }
                if (next == (open == '[' ? ']' : '}')) {
                    stack.setLength(stack.length() - 1);
                    continue;
                }
                return false;
            }
        }
    }

    private boolean objectKey() {
        skipWhitespace();
        if (peek() != '"' || string() == null) {
            return false;
        }
        skipWhitespace();
        if (peek() != ':') {
            return false;
        }
        pos++;
        return true;
    }

    private boolean scalar() {
        int c = peek();
        if (c == '"') {
            return string() != null;
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                return true;
            }
        }
        return number();
    }

    private boolean number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            return false;
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                return false;
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                return false;
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return pos > start;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A JSON string at pos (which is '"'), decoded, or null if malformed. */
    private String string() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                return null;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int u = hex4();
                    if (u < 0) {
                        return null;
                    }
                    out.append((char) u);
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private int hex4() {
        if (pos + 4 > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
