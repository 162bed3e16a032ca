package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Dockerfile text into {@link Node}s the way BuildKit's {@code parser.Parse} does: parser
 * directives, comments, line continuations (also across comment and empty lines), and here-documents.
 */
final class AstParser {
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("add", "copy", "run");

    private final List<String> lines;
    private final DirectiveParser directives = new DirectiveParser();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Integer> emptyContinuations = new ArrayList<>();
    /** The comment lines since the last instruction (an empty {@code #} clears them), as BuildKit's PrevComment. */
    private final List<String> pendingComments = new ArrayList<>();
    private final Map<Integer, List<String>> comments = new java.util.HashMap<>();
    private int next;
    private int currentLine;

    private AstParser(String text) {
        this.lines = splitLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    static SyntaxTree parse(String text) {
        AstParser parser = new AstParser(text);
        parser.run();
        return new SyntaxTree(parser.directiveValues(), parser.directives.escape(), parser.nodes,
                parser.emptyContinuations, parser.comments);
    }

    /**
     * The directives at the top, and after a first {@code #!} line the syntax and check directives
     * that follow it: BuildKit reads those two with {@code DetectSyntax}/{@code ParseDirective}, which
     * discard a shebang, while its main parser, which reads escape, takes the shebang for a comment.
     */
    private Map<String, String> directiveValues() {
        if (lines.isEmpty() || !lines.get(0).startsWith("#!")) {
            return directives.values();
        }
        DirectiveParser afterShebang = new DirectiveParser();
        try {
            for (int i = 1; i < lines.size() && !afterShebang.done(); i++) {
                afterShebang.offer(trimNewline(lines.get(i)), i + 1);
            }
        } catch (DockerfileException e) {
            // BuildKit keeps the directives read before a repeated or invalid one
        }
        Map<String, String> values = new LinkedHashMap<>(directives.values());
        afterShebang.values().forEach((k, v) -> {
            if (!k.equals("escape")) {
                values.putIfAbsent(k, v);
            }
        });
        return Collections.unmodifiableMap(values);
    }

    /** Lines with their line endings, as BuildKit's {@code scanLines}. */
    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    private void run() {
        while (next < lines.size()) {
            String raw = lines.get(next++);
            String token = GoText.trimLeftSpace(trimNewline(raw));
            if (isComment(raw)) {
                // As BuildKit: the line after its first character, trimmed (so "  # a" gives "# a").
                String comment = GoText.trimSpace(trimNewline(raw).substring(1));
                if (comment.isEmpty()) {
                    pendingComments.clear();
                } else {
                    pendingComments.add(comment);
                }
            }
            int directivesBefore = directives.values().size();
            directives.offer(token, currentLine + 1);
            if (directives.values().size() > directivesBefore && !pendingComments.isEmpty()) {
                pendingComments.remove(pendingComments.size() - 1); // a directive is no comment
            }
            currentLine++;
            int startLine = currentLine;
            String first = trimComment(token);
            String line = trimContinuation(first);
            boolean endOfLine = line == null;
            if (endOfLine) {
                line = first;
                if (line.isEmpty()) {
                    continue;
                }
            }
            StringBuilder joined = new StringBuilder(line);
            boolean emptyContinuation = false;
            while (!endOfLine && next < lines.size()) {
                String rawNext = lines.get(next++);
                String continued = trimComment(trimNewline(rawNext));
                directives.offer(trimNewline(rawNext), currentLine + 1);
                currentLine++;
                if (isComment(rawNext)) {
                    continue;
                }
                if (GoText.trimLeftSpace(continued).isEmpty()) {
                    emptyContinuation = true; // accepted, with BuildKit's NoEmptyContinuation warning
                    continue;
                }
                String trimmed = trimContinuation(continued);
                endOfLine = trimmed == null;
                joined.append(endOfLine ? continued : trimmed);
            }
            // BuildKit reports an empty continuation at the instruction's last line (before any heredoc body).
            int continuationEnd = currentLine;
            nodes.add(instruction(joined.toString(), startLine));
            if (!pendingComments.isEmpty()) {
                comments.put(startLine, List.copyOf(pendingComments));
                pendingComments.clear();
            }
            if (emptyContinuation) {
                emptyContinuations.add(continuationEnd);
            }
        }
        if (nodes.isEmpty()) {
            throw new DockerfileException(Math.max(currentLine, 1), "file with no instructions");
        }
    }

    private Node instruction(String line, int startLine) {
        LineParsers.Parsed parsed;
        try {
            parsed = LineParsers.parse(line, directives.escape(), 0);
        } catch (DockerfileException e) {
            throw e.at(startLine);
        }
        Node node = toNode(parsed, startLine, currentLine);
        if (canContainHeredoc(parsed) && line.contains("<<")) {
            List<Heredoc> docs = new ArrayList<>();
            for (HeredocWords.Start start : HeredocWords.inLine(line, startLine)) {
                docs.add(readBody(start, startLine));
            }
            node = node.withHeredocs(docs, currentLine);
        }
        return node;
    }

    private static Node toNode(LineParsers.Parsed parsed, int start, int end) {
        Optional<Node> sub = Optional.ofNullable(parsed.subcommand()).map(s -> toNode(s, start, end));
        return new Node(parsed.keyword(), parsed.flags(), parsed.arguments(), parsed.json(), List.of(),
                parsed.original(), start, end, sub);
    }

    private static boolean canContainHeredoc(LineParsers.Parsed parsed) {
        LineParsers.Parsed target = parsed;
        if (parsed.keyword().equals("onbuild") && parsed.subcommand() != null) {
            target = parsed.subcommand();
        }
        return HEREDOC_INSTRUCTIONS.contains(target.keyword()) && !target.json();
    }

    private Heredoc readBody(HeredocWords.Start start, int startLine) {
        StringBuilder content = new StringBuilder();
        int firstLine = currentLine + 1;
        while (next < lines.size()) {
            String raw = lines.get(next++);
            currentLine++;
            String candidate = trimNewline(raw);
            if (start.chomp()) {
                candidate = candidate.replaceFirst("^\\t+", "");
            }
            if (candidate.equals(start.name())) {
                return new Heredoc(start.name(), start.fileDescriptor(), start.expand(), start.chomp(),
                        content.toString(), firstLine);
            }
            content.append(raw);
        }
        throw new DockerfileException(startLine, "unterminated heredoc " + start.name()
                + " (no line " + start.name() + " before the end of the file)");
    }

    private static String trimNewline(String raw) {
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        return raw.substring(0, end);
    }

    private static boolean isComment(String raw) {
        return GoText.trimLeftSpace(trimNewline(raw)).startsWith("#");
    }

    private static String trimComment(String token) {
        return token.startsWith("#") ? "" : token;
    }

    /** The line without its continuation escape, or null when it does not continue. */
    private String trimContinuation(String line) {
        char escape = directives.escape();
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0 || line.charAt(end - 1) != escape) {
            return null;
        }
        if (end == 1) {
            return "";
        }
        if (line.charAt(end - 2) == escape) {
            return null; // an escaped escape character is not a continuation
        }
        return line.substring(0, end - 1);
    }
}
