package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits one logical instruction line into keyword, builder flags and arguments, with the
 * per-instruction argument rules of BuildKit's {@code line_parsers.go}.
 */
final class LineParsers {
    private LineParsers() {
    }

    /** A parsed line: the keyword, its flags, its arguments, whether they were JSON, and ONBUILD's trigger. */
    record Parsed(String keyword, List<String> flags, List<String> arguments, boolean json, Parsed subcommand,
                  String original) {
    }

    /** Parses {@code line} (continuations joined); failures carry no line number yet. */
    static Parsed parse(String line, char escape, int depth) {
        String trimmed = GoText.trimSpace(line);
        int split = 0;
        while (split < trimmed.length() && !GoText.isAsciiBlank(trimmed.charAt(split))) {
            split++;
        }
        String keyword = trimmed.substring(0, split).toLowerCase(Locale.ROOT);
        List<String> flags = List.of();
        String rest = "";
        if (split < trimmed.length()) {
            int restStart = split;
            while (restStart < trimmed.length() && GoText.isAsciiBlank(trimmed.charAt(restStart))) {
                restStart++;
            }
            String[] flagsAndRest = new String[1];
            flags = FlagWords.extract(trimmed.substring(restStart), flagsAndRest);
            rest = GoText.trimSpace(flagsAndRest[0]);
        }
        return arguments(keyword, flags, rest, escape, depth, line);
    }

    private static Parsed arguments(String keyword, List<String> flags, String rest, char escape, int depth,
                                    String line) {
        switch (keyword) {
            case "add", "copy", "volume":
                return maybeJsonToList(keyword, flags, rest, line);
            case "cmd", "entrypoint", "run", "shell":
                return maybeJson(keyword, flags, rest, line);
            case "arg":
                return new Parsed(keyword, flags, parseWords(rest, escape), false, null, line);
            case "env", "label":
                return new Parsed(keyword, flags, nameValues(keyword, rest, escape), false, null, line);
            case "expose", "from":
                return new Parsed(keyword, flags, whitespaceDelimited(rest), false, null, line);
            case "healthcheck":
                return healthcheck(flags, rest, line);
            case "maintainer", "stopsignal", "user", "workdir":
                return new Parsed(keyword, flags, rest.isEmpty() ? List.of() : List.of(rest), false, null, line);
            case "onbuild":
                if (rest.isEmpty()) {
                    return new Parsed(keyword, flags, List.of(), false, null, line);
                }
                if (depth > 100) {
                    throw new DockerfileException("ONBUILD nested too deeply");
                }
                return new Parsed(keyword, flags, List.of(), false, parse(rest, escape, depth + 1), line);
            default:
                // BuildKit keeps unknown instructions with one empty argument; the typed layer rejects them
                return new Parsed(keyword, flags, List.of(""), false, null, line);
        }
    }

    private static Parsed maybeJson(String keyword, List<String> flags, String rest, String line) {
        if (rest.isEmpty()) {
            return new Parsed(keyword, flags, List.of(), false, null, line);
        }
        List<String> json = json(rest);
        if (json != null) {
            return new Parsed(keyword, flags, json, true, null, line);
        }
        return new Parsed(keyword, flags, List.of(rest), false, null, line);
    }

    private static Parsed maybeJsonToList(String keyword, List<String> flags, String rest, String line) {
        List<String> json = json(rest);
        if (json != null) {
            return new Parsed(keyword, flags, json, true, null, line);
        }
        return new Parsed(keyword, flags, whitespaceDelimited(rest), false, null, line);
    }

    private static List<String> json(String rest) {
        try {
            return JsonArgs.parse(rest);
        } catch (JsonArgs.NotStringArray e) {
            throw new DockerfileException(e.getMessage());
        }
    }

    private static Parsed healthcheck(List<String> flags, String rest, String line) {
        int sep = 0;
        while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) {
            sep++;
        }
        int next = sep;
        while (next < rest.length() && GoText.isSpace(rest.charAt(next))) {
            next++;
        }
        if (sep == 0) {
            return new Parsed("healthcheck", flags, List.of(), false, null, line);
        }
        Parsed command = maybeJson("healthcheck", flags, rest.substring(next), line);
        List<String> arguments = new ArrayList<>();
        arguments.add(rest.substring(0, sep));
        arguments.addAll(command.arguments());
        return new Parsed("healthcheck", flags, arguments, command.json(), null, line);
    }

    /** Go's {@code regexp.Split(rest, -1)} on {@code [\t\v\f\r ]+}; empty text gives no words. */
    static List<String> whitespaceDelimited(String rest) {
        List<String> words = new ArrayList<>();
        if (rest.isEmpty()) {
            return words;
        }
        int start = 0;
        int i = 0;
        while (i < rest.length()) {
            if (GoText.isAsciiBlank(rest.charAt(i))) {
                words.add(rest.substring(start, i));
                while (i < rest.length() && GoText.isAsciiBlank(rest.charAt(i))) {
                    i++;
                }
                start = i;
            } else {
                i++;
            }
        }
        words.add(rest.substring(start));
        return words;
    }

    /** ENV and LABEL: {@code k=v k2="v 2"} triples, or the legacy {@code k v} form. */
    private static List<String> nameValues(String keyword, String rest, char escape) {
        List<String> words = parseWords(rest, escape);
        List<String> out = new ArrayList<>();
        if (words.isEmpty()) {
            return out;
        }
        if (!words.get(0).contains("=")) {
            int i = 0;
            while (i < rest.length() && !GoText.isAsciiBlank(rest.charAt(i))) {
                i++;
            }
            if (i == rest.length()) {
                throw new DockerfileException(keyword.toUpperCase(Locale.ROOT) + " must have two arguments");
            }
            int value = i;
            while (value < rest.length() && GoText.isAsciiBlank(rest.charAt(value))) {
                value++;
            }
            return List.of(rest.substring(0, i), rest.substring(value), "");
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new DockerfileException("Syntax error - can't find = in " + GoText.quote(word)
                        + ". Must be of the form: name=value");
            }
            out.add(word.substring(0, eq));
            out.add(word.substring(eq + 1));
            out.add("=");
        }
        return out;
    }

    /**
     * Splits on whitespace outside quotes, keeping quotes and escapes in the words (they are removed by
     * variable expansion later), as BuildKit's {@code parseWords}.
     */
    static List<String> parseWords(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        int quote = 0;
        boolean inQuote = false;
        int n = rest.length();
        for (int pos = 0; pos < n; ) {
            int ch = rest.codePointAt(pos);
            int width = Character.charCount(ch);
            if (!inWord && !inQuote) {
                if (GoText.isSpace(ch)) {
                    pos += width;
                    continue;
                }
                inWord = true;
            }
            if (inWord && !inQuote) {
                if (GoText.isSpace(ch)) {
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    pos += width;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    inQuote = true;
                }
                if (ch == escape) {
                    if (pos + width == n) {
                        pos += width;
                        continue; // an escape at the very end is dropped
                    }
                    word.appendCodePoint(ch);
                    pos += width;
                    ch = rest.codePointAt(pos);
                    width = Character.charCount(ch);
                }
                word.appendCodePoint(ch);
                pos += width;
                continue;
            }
            // inside quotes
            if (ch == quote) {
                inQuote = false;
            }
            if (ch == escape && quote != '\'') {
                if (pos + width == n) {
                    inQuote = false;
                    pos += width;
                    continue;
                }
                pos += width;
                word.appendCodePoint(ch);
                ch = rest.codePointAt(pos);
                width = Character.charCount(ch);
            }
            word.appendCodePoint(ch);
            pos += width;
        }
        if ((inWord || inQuote) && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }
}
