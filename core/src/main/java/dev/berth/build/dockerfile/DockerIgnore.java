package dev.berth.build.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    private record Rule(String pattern, GlobPattern glob, boolean exception) {
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
                rules.add(new Rule(pattern, GlobPattern.compile(pattern), exception));
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
            boolean match = rule.glob().matches(path);
            StringBuilder parent = new StringBuilder();
            for (int i = 0; !match && i < parts.length - 1; i++) {
                parent.append(i > 0 ? "/" : "").append(parts[i]);
                match = rule.glob().matches(parent);
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
}
