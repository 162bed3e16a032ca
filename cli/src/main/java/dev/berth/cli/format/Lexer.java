package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a template into text and actions, and an action into tokens, as Go's
 * {@code text/template/parse} lexer: {@code {{- } and { -}}} trim the whitespace beside them,
 * {@code {{/* *}{@code /}}} is a comment.
 */
final class Lexer {
    /** What a token is. */
    enum Type { FIELD, DOT, VARIABLE, IDENTIFIER, KEYWORD, STRING, NUMBER, BOOL, NIL, PIPE, LEFT, RIGHT, DECLARE, ASSIGN, COMMA }

    /** One token; {@code spaced} when whitespace comes before it (a field right after an operand chains onto it). */
    record Token(Type type, String text, Object value, int offset, boolean spaced) {
    }

    /** Text between actions, or one action's tokens. */
    record Item(String text, List<Token> tokens, int offset, int end) {
        boolean isText() {
            return tokens == null;
        }
    }

    private static final Set<String> KEYWORDS = Set.of("if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

    private final String name;
    private final String text;

    Lexer(String name, String text) {
        this.name = name;
        this.text = text;
    }

    List<Item> items() {
        List<Item> items = new ArrayList<>();
        int pos = 0;
        boolean trimNext = false;
        while (pos <= text.length()) {
            int open = text.indexOf("{{", pos);
            String chunk = open < 0 ? text.substring(pos) : text.substring(pos, open);
            if (trimNext) {
                chunk = chunk.stripLeading();
            }
            if (open < 0) {
                addText(items, chunk, pos);
                break;
            }
            int start = open + 2;
            if (text.startsWith("-", start) && start + 1 < text.length() && isSpace(text.charAt(start + 1))) {
                chunk = chunk.stripTrailing();
                start += 1;
            }
            addText(items, chunk, pos);
            int[] end = new int[1];
            boolean[] trim = new boolean[1];
            List<Token> tokens = action(open, start, end, trim);
            if (tokens != null) {
                items.add(new Item(null, tokens, open, end[0]));
            }
            trimNext = trim[0];
            pos = end[0];
        }
        return items;
    }

    private static void addText(List<Item> items, String chunk, int offset) {
        if (!chunk.isEmpty()) {
            items.add(new Item(chunk, null, offset, offset + chunk.length()));
        }
    }

    /** The tokens of the action from {@code start} (after the delimiter); null for a comment. Sets where it ends and whether it trims. */
    private List<Token> action(int open, int start, int[] end, boolean[] trim) {
        int i = start;
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        if (text.startsWith("/*", i)) {
            int close = text.indexOf("*/", i + 2);
            if (close < 0) {
                throw TemplateException.parse(name, text, open, "unclosed comment");
            }
            int j = close + 2;
            while (j < text.length() && isSpace(text.charAt(j))) {
                j++;
            }
            if (text.startsWith("-}}", j) && j > close + 2) {
                trim[0] = true;
                j++;
            }
            if (!text.startsWith("}}", j)) {
                throw TemplateException.parse(name, text, open, "comment ends before closing delimiter");
            }
            end[0] = j + 2;
            return null;
        }
        List<Token> tokens = new ArrayList<>();
        i = start;
        boolean spaced = false;
        while (true) {
            if (i >= text.length()) {
                throw TemplateException.parse(name, text, open, "unclosed action");
            }
            char c = text.charAt(i);
            if (isSpace(c)) {
                int j = i;
                while (j < text.length() && isSpace(text.charAt(j))) {
                    j++;
                }
                if (text.startsWith("-}}", j)) {
                    trim[0] = true;
                    end[0] = j + 3;
                    return tokens;
                }
                if (c == '\n' || c == '\r') {
                    // Go 1.16+ allows newlines inside actions; docker's templates do not need more.
                }
                spaced = true;
                i = j;
                continue;
            }
            if (text.startsWith("}}", i)) {
                end[0] = i + 2;
                return tokens;
            }
            int s = i;
            Token t;
            if (c == '|') {
                t = new Token(Type.PIPE, "|", null, s, spaced);
                i++;
            } else if (c == '(') {
                t = new Token(Type.LEFT, "(", null, s, spaced);
                i++;
            } else if (c == ')') {
                t = new Token(Type.RIGHT, ")", null, s, spaced);
                i++;
            } else if (c == ',') {
                t = new Token(Type.COMMA, ",", null, s, spaced);
                i++;
            } else if (c == ':' && text.startsWith(":=", i)) {
                t = new Token(Type.DECLARE, ":=", null, s, spaced);
                i += 2;
            } else if (c == '=') {
                t = new Token(Type.ASSIGN, "=", null, s, spaced);
                i++;
            } else if (c == '"') {
                i = quoted(open, i, '"');
                t = new Token(Type.STRING, text.substring(s, i), unquote(open, text.substring(s + 1, i - 1)), s, spaced);
            } else if (c == '`') {
                int close = text.indexOf('`', i + 1);
                if (close < 0) {
                    throw TemplateException.parse(name, text, open, "unterminated raw quoted string");
                }
                i = close + 1;
                t = new Token(Type.STRING, text.substring(s, i), text.substring(s + 1, close), s, spaced);
            } else if (c == '\'') {
                i = quoted(open, i, '\'');
                String v = unquote(open, text.substring(s + 1, i - 1));
                if (v.codePointCount(0, v.length()) != 1) {
                    throw TemplateException.parse(name, text, open, "malformed character constant: " + text.substring(s, i));
                }
                t = new Token(Type.NUMBER, text.substring(s, i), (long) v.codePointAt(0), s, spaced);
            } else if (c == '.' && (i + 1 >= text.length() || !isAlnum(text.charAt(i + 1)))) {
                if (i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                    i = number(i);
                    t = numberToken(open, s, i, spaced);
                } else {
                    t = new Token(Type.DOT, ".", null, s, spaced);
                    i++;
                }
            } else if (c == '.' || c == '$') {
                i++;
                while (i < text.length() && isAlnum(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(s, i);
                if (c == '.' && Character.isDigit(word.charAt(1))) {
                    i = number(s);
                    t = numberToken(open, s, i, spaced);
                } else {
                    t = new Token(c == '.' ? Type.FIELD : Type.VARIABLE, word, word.substring(1), s, spaced);
                }
            } else if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < text.length() && (Character.isDigit(text.charAt(i + 1))
                    || text.charAt(i + 1) == '.'))) {
                i = number(i);
                t = numberToken(open, s, i, spaced);
            } else if (isAlnum(c)) {
                while (i < text.length() && isAlnum(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(s, i);
                if (KEYWORDS.contains(word)) {
                    t = new Token(Type.KEYWORD, word, word, s, spaced);
                } else if (word.equals("true") || word.equals("false")) {
                    t = new Token(Type.BOOL, word, Boolean.valueOf(word), s, spaced);
                } else if (word.equals("nil")) {
                    t = new Token(Type.NIL, word, null, s, spaced);
                } else {
                    t = new Token(Type.IDENTIFIER, word, word, s, spaced);
                }
            } else {
                throw TemplateException.parse(name, text, open, "unexpected \"" + c + "\" in command");
            }
            tokens.add(t);
            spaced = false;
        }
    }

    private int quoted(int open, int i, char quote) {
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != quote) {
            if (text.charAt(j) == '\\') {
                j++;
            }
            if (j < text.length() && text.charAt(j) == '\n') {
                break;
            }
            j++;
        }
        if (j >= text.length() || text.charAt(j) != quote) {
            throw TemplateException.parse(name, text, open, quote == '"' ? "unterminated quoted string" : "unterminated character constant");
        }
        return j + 1;
    }

    private int number(int i) {
        int j = i;
        if (text.charAt(j) == '+' || text.charAt(j) == '-') {
            j++;
        }
        while (j < text.length() && (isAlnum(text.charAt(j)) || text.charAt(j) == '.'
                || ((text.charAt(j) == '+' || text.charAt(j) == '-') && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E')))) {
            j++;
        }
        return j;
    }

    private Token numberToken(int open, int s, int e, boolean spaced) {
        String word = text.substring(s, e);
        String digits = word.replace("_", "");
        try {
            String unsigned = digits.startsWith("+") || digits.startsWith("-") ? digits.substring(1) : digits;
            boolean negative = digits.startsWith("-");
            Object v;
            if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
                v = (negative ? -1 : 1) * Long.parseLong(unsigned.substring(2), 16);
            } else if (unsigned.matches("[0-9]+")) {
                v = Long.parseLong(digits);
            } else {
                v = Double.parseDouble(digits);
            }
            return new Token(Type.NUMBER, word, v, s, spaced);
        } catch (NumberFormatException e2) {
            throw TemplateException.parse(name, text, open, "bad number syntax: \"" + word + "\"");
        }
    }

    private String unquote(int open, String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\', '"', '\'' -> out.append(e);
                case 'x' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw TemplateException.parse(name, text, open, "invalid syntax: unknown escape \\" + e);
            }
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isAlnum(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
