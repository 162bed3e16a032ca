package dev.berth.build.dockerfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The {@code --flag} words BuildKit's {@code extractBuilderFlags} takes off the front of an instruction. */
final class FlagWords {
    private FlagWords() {
    }

    /**
     * Takes the leading {@code --flag[=value]} words off {@code line}, removing quotes and backslash
     * escapes from them; {@code rest[0]} receives what follows. BuildKit scans bytes here and turns each
     * byte into a rune, so a non-ASCII flag value comes out as its UTF-8 bytes read as Latin-1; this
     * keeps that quirk so flags compare equal to BuildKit's.
     */
    static List<String> extract(String line, String[] rest) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean inQuote = false;
        boolean blankOk = false;
        int quote = 0;
        int n = bytes.length;
        for (int pos = 0; pos <= n; pos++) {
            int ch = pos < n ? bytes[pos] & 0xFF : 0;
            if (!inWord && !inQuote) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == n || bytes[pos + 1] != '-') {
                    rest[0] = new String(bytes, pos, n - pos, StandardCharsets.UTF_8);
                    return words;
                }
                inWord = true;
            }
            if (pos == n) {
                if (!word.toString().equals("--") && (blankOk || word.length() > 0)) {
                    words.add(word.toString());
                }
                break;
            }
            if (!inQuote) {
                if (GoText.isSpace(ch)) {
                    inWord = false;
                    if (word.toString().equals("--")) {
                        rest[0] = new String(bytes, pos, n - pos, StandardCharsets.UTF_8);
                        return words;
                    }
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    inQuote = true;
                    continue;
                }
            } else if (ch == quote) {
                inQuote = false;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == n) {
                    inQuote = false;
                    continue;
                }
                pos++;
                ch = bytes[pos] & 0xFF;
            }
            word.append((char) ch);
        }
        rest[0] = "";
        return words;
    }
}
