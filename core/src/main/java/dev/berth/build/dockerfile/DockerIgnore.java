package dev.berth.build.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code .dockerignore} rules of a build context, with the semantics of moby's
 * {@code patternmatcher}: Go {@code filepath.Match} patterns ({@code *}, {@code ?}, {@code [a-z]},
 * {@code \} escapes) plus {@code **} for any number of directories, {@code !} exceptions where the last
 * matching rule wins, patterns cleaned like paths (leading {@code /} and {@code ./} dropped), and a rule
 * that matches a directory also matching everything below it.
 *
 * @see <a href="https://docs.docker.com/build/concepts/context/#dockerignore-files">.dockerignore files</a>
 */
public final class DockerIgnore {
    private record Rule(String pattern, Pattern regex, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Rules that exclude nothing. */
    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    /**
     * Parses the text of a {@code .dockerignore} file.
     *
     * @throws DockerfileException naming the line of an invalid pattern
     */
    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = GoText.trimSpace(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                pattern = GoText.trimSpace(pattern.substring(1));
                if (pattern.isEmpty()) {
                    throw new DockerfileException(".dockerignore line " + (i + 1) + ": illegal exclusion pattern: \"!\"");
                }
            }
            pattern = clean(pattern);
            if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                pattern = pattern.substring(1);
            }
            try {
                rules.add(new Rule(pattern, Pattern.compile(regex(pattern), Pattern.DOTALL), exception));
            } catch (IllegalArgumentException e) {
                throw new DockerfileException(".dockerignore line " + (i + 1) + ": syntax error in pattern "
                        + GoText.quote(pattern));
            }
        }
        return new DockerIgnore(rules);
    }

    /**
     * Reads {@code contextDir/.dockerignore}; a context without one excludes nothing.
     *
     * @throws DockerfileException if the file cannot be read or has an invalid pattern
     */
    public static DockerIgnore read(Path contextDir) {
        Path file = contextDir.resolve(".dockerignore");
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return none();
        } catch (IOException e) {
            throw new DockerfileException("cannot read " + file + ": " + e);
        }
    }

    /** The patterns in order, exceptions prefixed with {@code !}, as moby's {@code ReadAll} returns them. */
    public List<String> patterns() {
        return rules.stream().map(r -> r.exception() ? "!" + r.pattern() : r.pattern()).toList();
    }

    /**
     * Whether the context-relative path ({@code a/b.txt}, {@code ./a}, {@code /a} all accepted) is excluded
     * from the build context.
     */
    public boolean excluded(String relativePath) {
        String path = clean(relativePath.replace('\\', '/'));
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty() || path.equals(".")) {
            return false;
        }
        String[] parts = path.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue; // an exception can only re-include, a rule only exclude
            }
            boolean match = rule.regex().matcher(path).matches();
            StringBuilder parent = new StringBuilder();
            for (int i = 0; !match && i < parts.length - 1; i++) {
                parent.append(i > 0 ? "/" : "").append(parts[i]);
                match = rule.regex().matcher(parent).matches();
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /** Go's {@code filepath.Clean} for slash-separated paths. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** The pattern as an anchored regular expression; {@code [...]} classes are rewritten to Java syntax. */
    private static String regex(String pattern) {
        StringBuilder re = new StringBuilder();
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    re.append(i + 1 >= n ? ".*" : "(?:.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '\\') {
                if (i + 1 < n) {
                    re.append(literal(pattern.charAt(++i)));
                } else {
                    re.append("\\\\");
                }
            } else if (c == '[') {
                i = characterClass(pattern, i, re);
            } else {
                re.append(literal(c));
            }
        }
        return re.toString();
    }

    /** Appends the class starting at {@code start} ('[') and returns the index of its ']'. */
    private static int characterClass(String pattern, int start, StringBuilder re) {
        int i = start + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        int items = 0;
        while (i < pattern.length() && pattern.charAt(i) != ']') {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            cls.append(String.format("\\x{%x}", (int) c));
            if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                char hi = pattern.charAt(i + 2);
                i += 2;
                if (hi == '\\' && i + 1 < pattern.length()) {
                    hi = pattern.charAt(++i);
                }
                if (hi < c) {
                    throw new IllegalArgumentException("bad range");
                }
                cls.append('-').append(String.format("\\x{%x}", (int) hi));
            }
            items++;
            i++;
        }
        if (i >= pattern.length() || items == 0) {
            throw new IllegalArgumentException("unterminated or empty character class");
        }
        re.append(cls).append(']');
        return i;
    }

    private static String literal(char c) {
        return Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '-' ? String.valueOf(c)
                : String.format("\\x{%x}", (int) c);
    }
}
