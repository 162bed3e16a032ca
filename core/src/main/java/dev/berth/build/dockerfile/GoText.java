package dev.berth.build.dockerfile;

/**
 * The few Go string primitives BuildKit's parser is defined with ({@code unicode.IsSpace},
 * {@code strings.TrimSpace}, {@code strconv.Quote}), so that results agree byte for byte.
 */
final class GoText {
    private GoText() {
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int ch) {
        switch (ch) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0:
                return true;
            default:
                return ch > 0xFF && Character.isWhitespace(ch) || ch == 0x2007 || ch == 0x202F;
        }
    }

    /** Go's {@code strings.TrimSpace}. */
    static String trimSpace(String s) {
        return trimRightSpace(trimLeftSpace(s));
    }

    static String trimLeftSpace(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        return s.substring(start);
    }

    static String trimRightSpace(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(0, end);
    }

    /** Go's {@code regexp [\t\v\f\r ]}, the whitespace BuildKit splits arguments on. */
    static boolean isAsciiBlank(char ch) {
        return ch == '\t' || ch == 0x0B || ch == '\f' || ch == '\r' || ch == ' ';
    }

    /** Go's {@code strconv.Quote}: a double-quoted literal with Go escapes. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> appendRune(out, cp);
            }
        }
        return out.append('"').toString();
    }

    private static void appendRune(StringBuilder out, int cp) {
        if (isPrint(cp)) {
            out.appendCodePoint(cp);
        } else if (cp < ' ' || cp == 0x7F) {
            out.append(String.format("\\x%02x", cp));
        } else if (Character.isSurrogate((char) cp)) {
            out.append("\\ufffd"); // Go strings cannot hold lone surrogates; they decode as U+FFFD
        } else if (cp < 0x10000) {
            out.append(String.format("\\u%04x", cp));
        } else {
            out.append(String.format("\\U%08x", cp));
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
    static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
