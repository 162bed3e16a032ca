package dev.berth.cli.format;

import java.util.List;

/**
 * The parsed form of a template, as Go's {@code text/template/parse} tree: text, actions and
 * the control structures; each node keeps its offset in the template for error messages.
 */
sealed interface Node {
    /** Literal text between actions. */
    record Text(String text) implements Node {
    }

    /** {@code {{pipeline}}}: its value printed, unless it only declares variables. */
    record Action(int offset, Pipeline pipeline) implements Node {
    }

    /** {@code if}, {@code range} or {@code with}: the body when the pipeline's value is true (non-empty), else the else part. */
    record Branch(Kind kind, int offset, Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {
        enum Kind { IF, RANGE, WITH }
    }

    /** {@code break} or {@code continue} inside a range. */
    record Jump(boolean isBreak, int offset) implements Node {
    }

    /** Commands joined by {@code |}; the result of each is the last argument of the next. */
    record Pipeline(int offset, List<String> variables, boolean declares, List<Command> commands, String source) {
    }

    /** One command: an operand, or a function or method with arguments. */
    record Command(int offset, List<Arg> args, String source) {
    }

    /** An operand of a command. */
    sealed interface Arg {
        int offset();
    }

    /** {@code .}: the current value. */
    record Dot(int offset) implements Arg {
    }

    /** {@code .A.B}: fields of the current value. */
    record Field(int offset, List<String> names) implements Arg {
    }

    /** {@code $x.A.B}: a variable and fields of it. */
    record Variable(int offset, String name, List<String> names) implements Arg {
    }

    /** A function name. */
    record Identifier(int offset, String name) implements Arg {
    }

    /** A string, number, boolean or {@code nil}. */
    record Literal(int offset, Object value, String source) implements Arg {
    }

    /** {@code (pipeline).A.B}. */
    record Parenthesized(int offset, Pipeline pipeline, List<String> names) implements Arg {
    }
}
