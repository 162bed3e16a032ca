package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Environment replacement in Dockerfile instruction arguments, with the semantics of BuildKit's
 * {@code shell.Lex}: {@code $V}, {@code ${V}}, {@code ${V:-w}}, {@code ${V-w}}, {@code ${V:+w}},
 * {@code ${V+w}}, {@code ${V:?msg}}, {@code ${V?msg}}, {@code ${V#p}}, {@code ${V##p}}, {@code ${V%p}},
 * {@code ${V%%p}}, {@code ${V/p/r}} and {@code ${V//p/r}} (patterns with {@code *} and {@code ?}),
 * single quotes (literal), double quotes (only {@code $}, {@code "} and the escape character are special)
 * and the escape character. Quotes are removed from the result.
 *
 * <p>Which arguments are expanded follows BuildKit: {@code ADD}, {@code COPY} (sources, destination and
 * the {@code --chown}/{@code --chmod}/{@code --from} flags), {@code ENV}, {@code LABEL}, {@code ARG}
 * values, {@code EXPOSE} (split into words with {@link #expandWords}), {@code FROM} (base and
 * {@code --platform}, with the global ARGs only), {@code STOPSIGNAL}, {@code USER}, {@code VOLUME} and
 * {@code WORKDIR}; {@code RUN}, {@code CMD}, {@code ENTRYPOINT}, {@code SHELL} and {@code HEALTHCHECK}
 * are left to the shell. A variable that is absent from the map expands to the empty string.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/#environment-replacement">Environment replacement</a>
 */
public final class VariableExpander {
    /** Deepest nesting of {@code ${...}} accepted, so hostile input cannot exhaust the stack. */
    private static final int MAX_DEPTH = 200;

    private final char escape;
    private final boolean rawQuotes;
    private final boolean rawEscapes;
    private final boolean skipUnset;

    /** An expander with the default escape character, backslash. */
    public VariableExpander() {
        this('\\');
    }

    /** An expander with the escape character set by the {@code # escape=} directive (backslash or backtick). */
    public VariableExpander(char escape) {
        this(escape, false, false, false);
    }

    private VariableExpander(char escape, boolean rawQuotes, boolean rawEscapes, boolean skipUnset) {
        this.escape = escape;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        this.skipUnset = skipUnset;
    }

    /** An expander that keeps quotes (and optionally escapes) and leaves unset variables as written. */
    static VariableExpander lexing(boolean keepQuotes, boolean keepEscapes) {
        return new VariableExpander('\\', keepQuotes, keepEscapes, true);
    }

    /**
     * {@code word} with variables replaced from {@code env} and quotes removed; whitespace is kept.
     *
     * @throws DockerfileException on a syntax error or a {@code ${V?msg}} whose variable is unset
     */
    public String expand(String word, Map<String, String> env) {
        return new Run(word, env).process().text;
    }

    /**
     * {@code word} expanded and then split into words on unquoted whitespace (whitespace produced by a
     * variable splits too), as BuildKit does for {@code EXPOSE} and heredoc detection.
     *
     * @throws DockerfileException on a syntax error or a {@code ${V?msg}} whose variable is unset
     */
    public List<String> expandWords(String word, Map<String, String> env) {
        return new Run(word, env).process().words;
    }

    private record Result(String text, List<String> words) {
    }

    /** Accumulates words the way BuildKit's {@code wordsStruct} does. */
    private static final class Words {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        void addChar(int ch) {
            if (GoText.isSpace(ch)) {
                if (inWord && word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            word.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            word.append(s);
            inWord = true;
        }

        List<String> get() {
            if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    /** One expansion: a cursor over the code points of the source. */
    private final class Run {
        private static final int EOF = -1;
        private final String source;
        private final int[] cps;
        private final Map<String, String> env;
        private int pos;
        private int depth;
        private boolean escapesRaw = rawEscapes;

        Run(String source, Map<String, String> env) {
            this.source = Objects.requireNonNull(source, "word");
            this.cps = source.codePoints().toArray();
            this.env = Objects.requireNonNull(env, "env");
        }

        Result process() {
            try {
                return stopOn(null, escapesRaw);
            } catch (DockerfileException e) {
                throw new DockerfileException("failed to process " + GoText.quote(source) + ": " + e.getMessage());
            }
        }

        private int peek() {
            return pos < cps.length ? cps[pos] : EOF;
        }

        private int next() {
            return pos < cps.length ? cps[pos++] : EOF;
        }

        private Result stopOn(int[] stops, boolean raw) {
            boolean saved = escapesRaw;
            escapesRaw = raw;
            try {
                StringBuilder result = new StringBuilder();
                Words words = new Words();
                while (peek() != EOF) {
                    int ch = peek();
                    if (stops != null && contains(stops, ch)) {
                        return new Result(result.toString(), words.get());
                    }
                    if (ch == '$') {
                        String value = dollar();
                        result.append(value);
                        words.addString(value);
                    } else if (ch == '\'' || ch == '"') {
                        String value = ch == '\'' ? singleQuote() : doubleQuote();
                        result.append(value);
                        words.addRawString(value);
                    } else {
                        ch = next();
                        if (ch == escape) {
                            if (escapesRaw) {
                                words.addRawChar(ch);
                                result.appendCodePoint(ch);
                            }
                            ch = next();
                            if (ch == EOF) {
                                break;
                            }
                            words.addRawChar(ch);
                        } else {
                            words.addChar(ch);
                        }
                        result.appendCodePoint(ch);
                    }
                }
                if (stops != null) {
                    throw new DockerfileException("unexpected end of statement while looking for matching "
                            + new String(Character.toChars(stops[0])));
                }
                return new Result(result.toString(), words.get());
            } finally {
                escapesRaw = saved;
            }
        }

        private static boolean contains(int[] set, int ch) {
            for (int c : set) {
                if (c == ch) {
                    return true;
                }
            }
            return false;
        }

        private String singleQuote() {
            StringBuilder result = new StringBuilder();
            int ch = next();
            if (rawQuotes) {
                result.appendCodePoint(ch);
            }
            while (true) {
                ch = next();
                if (ch == EOF) {
                    throw new DockerfileException("unexpected end of statement while looking for matching single-quote");
                }
                if (ch == '\'') {
                    if (rawQuotes) {
                        result.appendCodePoint(ch);
                    }
                    return result.toString();
                }
                result.appendCodePoint(ch);
            }
        }

        private String doubleQuote() {
            StringBuilder result = new StringBuilder();
            int ch = next();
            if (rawQuotes) {
                result.appendCodePoint(ch);
            }
            while (true) {
                int peek = peek();
                if (peek == EOF) {
                    throw new DockerfileException("unexpected end of statement while looking for matching double-quote");
                }
                if (peek == '"') {
                    next();
                    if (rawQuotes) {
                        result.append('"');
                    }
                    return result.toString();
                }
                if (peek == '$') {
                    result.append(dollar());
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    if (escapesRaw) {
                        result.appendCodePoint(ch);
                    }
                    int after = peek();
                    if (after == EOF) {
                        continue;
                    }
                    if (after == '"' || after == '$' || after == escape) {
                        ch = next();
                    }
                }
                result.appendCodePoint(ch);
            }
        }

        private String dollar() {
            if (++depth > MAX_DEPTH) {
                throw new DockerfileException("variable substitutions nested too deeply");
            }
            try {
                next();
                if (peek() != '{') {
                    String name = name();
                    if (name.isEmpty()) {
                        return "$";
                    }
                    String value = env.get(name);
                    if (value == null) {
                        return skipUnset ? "$" + name : "";
                    }
                    return value;
                }
                next();
                return braces();
            } finally {
                depth--;
            }
        }

        private String braces() {
            int first = peek();
            if (first == EOF) {
                throw new DockerfileException("syntax error: missing '}'");
            }
            if (first == '{' || first == '}' || first == ':') {
                throw new DockerfileException("syntax error: bad substitution");
            }
            String name = name();
            int ch = next();
            String value = env.get(name);
            boolean set = value != null;
            String current = set ? value : "";
            switch (ch) {
                case '}':
                    return !set && skipUnset ? "${" + name + "}" : current;
                case ':', '+', '-', '?', '#', '%': {
                    boolean nullIsUnset = ch == ':';
                    String modifier = new String(Character.toChars(ch));
                    if (nullIsUnset) {
                        ch = next();
                        modifier += ch == EOF ? "" : new String(Character.toChars(ch));
                    }
                    boolean patternEscapes = ch == '#' || ch == '%';
                    if (nullIsUnset && patternEscapes) {
                        throw new DockerfileException("unsupported modifier (" + modifier + ") in substitution");
                    }
                    String word = closing(patternEscapes);
                    if (!set && skipUnset) {
                        return "${" + name + modifier + word + "}";
                    }
                    return modify(name, ch, modifier, nullIsUnset, set, current, word);
                }
                case '/':
                    return replace(name, set, current);
                case EOF:
                    throw new DockerfileException("syntax error: missing '}'");
                default:
                    throw new DockerfileException("unsupported modifier (" + new String(Character.toChars(ch))
                            + ") in substitution");
            }
        }

        /** The word up to the closing brace, which is consumed. */
        private String closing(boolean raw) {
            try {
                Result word = stopOn(new int[] {'}'}, raw);
                next();
                return word.text;
            } catch (DockerfileException e) {
                if (peek() == EOF) {
                    throw new DockerfileException("syntax error: missing '}'");
                }
                throw e;
            }
        }

        private String modify(String name, int op, String modifier, boolean nullIsUnset, boolean set, String value,
                              String word) {
            boolean absent = !set || nullIsUnset && value.isEmpty();
            switch (op) {
                case '-':
                    return absent ? word : value;
                case '+':
                    return absent ? "" : word;
                case '?':
                    if (!set) {
                        throw new DockerfileException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    }
                    if (nullIsUnset && value.isEmpty()) {
                        throw new DockerfileException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                    }
                    return value;
                case '#', '%': {
                    boolean greedy = !word.isEmpty() && word.codePointAt(0) == op;
                    ShellPattern pattern = ShellPattern.compile(greedy ? word.substring(1) : word);
                    return op == '#' ? pattern.trimPrefix(value, greedy) : pattern.trimSuffix(value, greedy);
                }
                default:
                    throw new DockerfileException("unsupported modifier (" + modifier + ") in substitution");
            }
        }

        private String replace(String name, boolean set, String value) {
            boolean all = peek() == '/';
            if (all) {
                next();
            }
            Result pattern;
            try {
                pattern = stopOn(new int[] {'/', '}'}, true);
            } catch (DockerfileException e) {
                if (peek() == EOF) {
                    throw new DockerfileException("syntax error: missing '/' in ${}");
                }
                throw e;
            }
            String replacement = "";
            if (next() == '/') {
                replacement = closing(true);
            }
            if (!set && skipUnset) {
                return "${" + name + (all ? "//" : "/") + pattern.text + "/" + replacement + "}";
            }
            return ShellPattern.compile(pattern.text).replace(value, replacement, all);
        }

        /** A variable name: letters, digits and underscores, a run of digits, or one special parameter. */
        private String name() {
            StringBuilder name = new StringBuilder();
            while (peek() != EOF) {
                int ch = peek();
                if (name.length() == 0 && Character.isDigit(ch)) {
                    while (peek() != EOF && Character.isDigit(peek())) {
                        name.appendCodePoint(next());
                    }
                    return name.toString();
                }
                if (name.length() == 0 && "@*#?-$!0".indexOf(ch) >= 0) {
                    return new String(Character.toChars(next()));
                }
                if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                    break;
                }
                name.appendCodePoint(next());
            }
            return name.toString();
        }
    }
}
