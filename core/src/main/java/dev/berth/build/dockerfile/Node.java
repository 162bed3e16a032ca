package dev.berth.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One instruction of the raw syntax tree, the equivalent of BuildKit's {@code parser.Node}: the
 * keyword, the {@code --flags} written before the arguments, and the arguments as the instruction's
 * line parser split them (quotes and variables are left for later, see {@link VariableExpander}).
 *
 * <p>Arguments per instruction follow BuildKit: {@code ENV}/{@code LABEL} give key, value and separator
 * triples (separator {@code "="} or {@code ""} for the legacy {@code ENV key value} form); {@code ARG}
 * gives its words; {@code FROM}, {@code EXPOSE}, and non-JSON {@code COPY}/{@code ADD}/{@code VOLUME}
 * give whitespace-split words; {@code RUN}/{@code CMD}/{@code ENTRYPOINT}/{@code SHELL} give one
 * string, or the array elements with {@link #json()} set; {@code HEALTHCHECK} gives its type then its
 * command; {@code ONBUILD} gives no arguments but a {@link #subcommand()}; unknown instructions give one
 * empty argument, as BuildKit does.
 *
 * @param keyword the instruction, lower case ({@code run})
 * @param flags the builder flags, quotes removed ({@code --from=build})
 * @param arguments the arguments
 * @param json whether the arguments were written as a JSON array
 * @param heredocs the here-documents, in order
 * @param original the instruction's text with continuations joined and comments removed
 * @param startLine the 1-based line the instruction starts on
 * @param endLine the 1-based line it ends on (here-document bodies included)
 * @param subcommand for {@code ONBUILD}, the wrapped instruction
 * @see <a href="https://docs.docker.com/reference/dockerfile/#format">Dockerfile format</a>
 */
public record Node(String keyword, List<String> flags, List<String> arguments, boolean json, List<Heredoc> heredocs,
                   String original, int startLine, int endLine, Optional<Node> subcommand) {
    public Node {
        flags = List.copyOf(flags);
        arguments = List.copyOf(arguments);
        heredocs = List.copyOf(heredocs);
    }

    /** This node at other lines (for an {@code ONBUILD} trigger, which shares its parent's lines). */
    Node withLines(int start, int end) {
        return new Node(keyword, flags, arguments, json, heredocs, original, start, end,
                subcommand.map(sub -> sub.withLines(start, end)));
    }

    /** This node with here-documents attached. */
    Node withHeredocs(List<Heredoc> docs, int end) {
        return new Node(keyword, flags, arguments, json, docs, original, startLine, end, subcommand);
    }

    /**
     * This instruction in BuildKit's {@code Node.Dump()} notation without the enclosing parentheses,
     * e.g. {@code copy ["--from=a"] "/x" "/y"}.
     */
    public String dump() {
        StringBuilder out = new StringBuilder(keyword);
        if (!flags.isEmpty()) {
            out.append(" [");
            for (int i = 0; i < flags.size(); i++) {
                out.append(i > 0 ? " " : "").append(GoText.quote(flags.get(i)));
            }
            out.append(']');
        }
        subcommand.ifPresent(sub -> out.append(" (").append(sub.dump()).append(')'));
        for (String argument : arguments) {
            out.append(' ').append(GoText.quote(argument));
        }
        return GoText.trimSpace(out.toString());
    }
}
