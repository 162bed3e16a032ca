package dev.berth.build.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * The raw syntax tree of a Dockerfile exactly as BuildKit's {@code parser.Parse} builds it: directives,
 * escape character and one {@link Node} per instruction. It only checks syntax (continuations, JSON
 * arrays, ENV/LABEL pairs, heredocs, directives), so it accepts unknown instructions and flags that
 * {@link Dockerfile#parse(String)} rejects; use it to compare with BuildKit's parser test vectors. Like
 * BuildKit, a line continuation at the very end of the file is accepted (the escape is dropped).
 *
 * @param directives the parser directives by lower-case name
 * @param escapeCharacter backslash, or backtick with {@code # escape=`}
 * @param nodes the instructions in order
 * @param emptyContinuationLines the last lines of instructions continued across an empty line (where
 *     BuildKit's parser locates its warning)
 *     (BuildKit accepts them with its {@code NoEmptyContinuation} warning)
 * @param comments by an instruction's start line, the comment lines right above it ({@code #} and
 *     blanks trimmed; an empty {@code #} line ends a run), as BuildKit's {@code PrevComment}
 * @see <a href="https://docs.docker.com/reference/dockerfile/#format">Dockerfile format</a>
 */
public record SyntaxTree(Map<String, String> directives, char escapeCharacter, List<Node> nodes,
                         List<Integer> emptyContinuationLines, Map<Integer, List<String>> comments) {
    public SyntaxTree {
        comments = Map.copyOf(comments);
        directives = Map.copyOf(directives);
        nodes = List.copyOf(nodes);
        emptyContinuationLines = List.copyOf(emptyContinuationLines);
    }

    /**
     * Parses the syntax of {@code text}.
     *
     * @throws DockerfileException on a syntax error (naming the line) or when there is no instruction
     */
    public static SyntaxTree parse(String text) {
        if (text == null) {
            throw new DockerfileException("no Dockerfile text (null)");
        }
        return AstParser.parse(text);
    }

    /**
     * The tree in BuildKit's {@code Node.Dump()} notation, one parenthesised instruction per line, each
     * line ending with a newline: the content of a BuildKit parser test vector's {@code result} file.
     */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            out.append('(').append(node.dump()).append(")\n");
        }
        return out.toString();
    }
}
