package dev.berth.cli.format;

import dev.berth.cli.format.Lexer.Item;
import dev.berth.cli.format.Lexer.Token;
import dev.berth.cli.format.Lexer.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Node} tree from the {@link Lexer}'s items, as Go's parser: control
 * structures nest up to their {@code {{end}}}, {@code {{else if}}} chains, variables must be
 * declared before use and live to the end of the structure that declares them.
 */
final class Parser {
    private final String name;
    private final String text;
    private final List<Item> items;
    private final List<String> variables = new ArrayList<>(List.of("$"));
    private final java.util.Set<String> functions;
    private int next;
    private int rangeDepth;
    private int chainOffset;

    // per action
    private List<Token> tokens;
    private int at;
    private Item item;

    Parser(String name, String text, java.util.Set<String> functions) {
        this.name = name;
        this.text = text;
        this.items = new Lexer(name, text).items();
        this.functions = functions;
    }

    List<Node> parse() {
        List<Node> nodes = new ArrayList<>();
        Token end = list(nodes);
        if (end != null) {
            throw error(end.offset(), "unexpected {{" + end.text() + "}}");
        }
        return nodes;
    }

    /** Nodes up to an {@code end} or {@code else} (returned, positioned after its keyword) or the end of the template (null). */
    private Token list(List<Node> nodes) {
        while (next < items.size()) {
            item = items.get(next++);
            if (item.isText()) {
                nodes.add(new Node.Text(item.text()));
                continue;
            }
            tokens = item.tokens();
            at = 0;
            if (tokens.isEmpty()) {
                throw error(item.offset(), "missing value for command");
            }
            Token first = tokens.get(0);
            if (first.type() == Type.KEYWORD) {
                at = 1;
                switch (first.text()) {
                    case "end", "else" -> {
                        return first;
                    }
                    case "if" -> nodes.add(branch(Node.Branch.Kind.IF, first));
                    case "range" -> nodes.add(branch(Node.Branch.Kind.RANGE, first));
                    case "with" -> nodes.add(branch(Node.Branch.Kind.WITH, first));
                    case "break", "continue" -> {
                        if (rangeDepth == 0) {
                            throw error(first.offset(), "{{" + first.text() + "}} outside {{range}}");
                        }
                        expectEnd(first.text());
                        nodes.add(new Node.Jump(first.text().equals("break"), first.offset()));
                    }
                    default -> throw error(first.offset(), "{{" + first.text() + "}} is not supported by berth's templates");
                }
                continue;
            }
            Node.Pipeline p = pipeline("command", true);
            nodes.add(new Node.Action(item.offset(), p));
        }
        return null;
    }

    private Node.Branch branch(Node.Branch.Kind kind, Token keyword) {
        int scope = variables.size();
        Node.Pipeline p = pipeline(keyword.text(), true);
        List<Node> body = new ArrayList<>();
        if (kind == Node.Branch.Kind.RANGE) {
            rangeDepth++;
        }
        Token end = list(body);
        if (kind == Node.Branch.Kind.RANGE) {
            rangeDepth--;
        }
        List<Node> otherwise = List.of();
        if (end == null) {
            throw error(text.length(), "unexpected EOF");
        }
        if (end.text().equals("else")) {
            otherwise = new ArrayList<>();
            if (at < tokens.size() && tokens.get(at).type() == Type.KEYWORD
                    && (tokens.get(at).text().equals("if") || tokens.get(at).text().equals("with"))) {
                // {{else if x}}: a nested branch that shares this one's {{end}}
                Token inner = tokens.get(at++);
                otherwise.add(branch(inner.text().equals("if") ? Node.Branch.Kind.IF : Node.Branch.Kind.WITH, inner));
                truncate(scope);
                return new Node.Branch(kind, keyword.offset(), p, body, otherwise);
            }
            expectEnd("else");
            end = list(otherwise);
            if (end == null) {
                throw error(text.length(), "unexpected EOF");
            }
            if (!end.text().equals("end")) {
                throw error(end.offset(), "expected end; found {{else}}");
            }
        }
        expectEnd("end");
        truncate(scope);
        return new Node.Branch(kind, keyword.offset(), p, body, otherwise);
    }

    private void truncate(int size) {
        while (variables.size() > size) {
            variables.remove(variables.size() - 1);
        }
    }

    private void expectEnd(String what) {
        if (at < tokens.size()) {
            throw error(tokens.get(at).offset(), "unexpected \"" + tokens.get(at).text() + "\" in " + what);
        }
    }

    /** A pipeline up to the end of the action ({@code top}) or a closing parenthesis. */
    private Node.Pipeline pipeline(String context, boolean top) {
        int start = at < tokens.size() ? tokens.get(at).offset() : item.end();
        List<String> declared = new ArrayList<>();
        boolean declares = false;
        int save = at;
        if (at < tokens.size() && tokens.get(at).type() == Type.VARIABLE) {
            List<String> names = new ArrayList<>();
            names.add(tokens.get(at).text());
            int i = at + 1;
            if (i + 1 < tokens.size() && tokens.get(i).type() == Type.COMMA && tokens.get(i + 1).type() == Type.VARIABLE) {
                names.add(tokens.get(i + 1).text());
                i += 2;
            }
            if (i < tokens.size() && (tokens.get(i).type() == Type.DECLARE || tokens.get(i).type() == Type.ASSIGN)) {
                boolean declare = tokens.get(i).type() == Type.DECLARE;
                if (names.size() > 1 && !context.equals("range")) {
                    throw error(tokens.get(at).offset(), "too many declarations in " + context);
                }
                if (!declare) {
                    for (String v : names) {
                        requireVariable(tokens.get(at).offset(), v);
                    }
                }
                at = i + 1;
                declared = names;
                declares = declare;
            } else {
                at = save;
            }
        }
        List<Node.Command> commands = new ArrayList<>();
        while (true) {
            commands.add(command(context));
            if (at < tokens.size() && tokens.get(at).type() == Type.PIPE) {
                at++;
                continue;
            }
            break;
        }
        if (top) {
            expectEnd(context);
        }
        if (declares) {
            variables.addAll(declared);
        }
        int end = at < tokens.size() ? tokens.get(at).offset() : item.end() - 2;
        return new Node.Pipeline(start, List.copyOf(declared), declares, commands, text.substring(start, Math.max(start, end)).strip());
    }

    private Node.Command command(String context) {
        List<Node.Arg> args = new ArrayList<>();
        int start = at < tokens.size() ? tokens.get(at).offset() : item.end();
        while (at < tokens.size()) {
            Token t = tokens.get(at);
            if (t.type() == Type.PIPE || t.type() == Type.RIGHT) {
                break;
            }
            args.add(operand());
        }
        if (args.isEmpty()) {
            throw error(start, at < tokens.size() ? "missing value for command" : "missing value for " + context);
        }
        int end = at < tokens.size() ? tokens.get(at).offset() : item.end() - 2;
        return new Node.Command(start, args, text.substring(start, Math.max(start, end)).strip());
    }

    private Node.Arg operand() {
        Token t = tokens.get(at++);
        Node.Arg arg = switch (t.type()) {
            case FIELD -> {
                List<String> names = chain(new ArrayList<>(List.of((String) t.value())));
                yield new Node.Field(names.size() > 1 ? chainOffset : t.offset(), names);
            }
            case DOT -> new Node.Dot(t.offset());
            case VARIABLE -> {
                requireVariable(t.offset(), t.text());
                List<String> names = chain(new ArrayList<>());
                yield new Node.Variable(names.isEmpty() ? t.offset() : chainOffset, t.text(), names);
            }
            case IDENTIFIER -> {
                if (!functions.contains(t.text())) {
                    throw error(t.offset(), "function \"" + t.text() + "\" not defined");
                }
                yield new Node.Identifier(t.offset(), t.text());
            }
            case STRING, NUMBER, BOOL, NIL -> new Node.Literal(t.offset(), t.value(), t.text());
            case LEFT -> {
                Node.Pipeline p = pipeline("parenthesized pipeline", false);
                if (at >= tokens.size() || tokens.get(at).type() != Type.RIGHT) {
                    throw error(t.offset(), "unclosed left paren");
                }
                at++;
                List<String> names = chain(new ArrayList<>());
                yield new Node.Parenthesized(names.isEmpty() ? t.offset() : chainOffset, p, names);
            }
            default -> throw error(t.offset(), "unexpected \"" + t.text() + "\" in operand");
        };
        return arg;
    }

    /**
     * Fields written right after an operand ({@code $x.A.B}, {@code (...).A}); sets
     * {@link #chainOffset} to the first one's offset, where Go places a chain's node.
     */
    private List<String> chain(List<String> names) {
        if (at < tokens.size()) {
            chainOffset = tokens.get(at).offset();
        }
        while (at < tokens.size() && tokens.get(at).type() == Type.FIELD && !tokens.get(at).spaced()) {
            names.add((String) tokens.get(at++).value());
        }
        return List.copyOf(names);
    }

    private void requireVariable(int offset, String v) {
        if (!variables.contains(v)) {
            throw error(offset, "undefined variable \"" + v + "\"");
        }
    }

    private TemplateException error(int offset, String message) {
        return TemplateException.parse(name, text, offset, message);
    }
}
