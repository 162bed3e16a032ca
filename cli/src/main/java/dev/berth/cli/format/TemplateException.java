package dev.berth.cli.format;

/**
 * A template that does not parse or does not run, with Go's message: {@code template: NAME:LINE:
 * MESSAGE} for a parse error and {@code template: NAME:LINE:COL: executing "NAME" at <NODE>:
 * MESSAGE} for an execution error (<a href="https://pkg.go.dev/text/template">text/template</a>).
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateException(String message) {
        super(message);
    }

    static TemplateException parse(String name, String text, int offset, String message) {
        return new TemplateException("template: " + name + ":" + Position.line(text, offset) + ": " + message);
    }

    static TemplateException execution(String name, String text, int offset, String node, String message) {
        return new TemplateException("template: " + name + ":" + Position.line(text, offset) + ":" + Position.column(text, offset)
                + ": executing \"" + name + "\" at <" + node + ">: " + message);
    }

    /** Line and column of an offset as Go's ErrorContext counts them: lines from 1, columns from 0. */
    static final class Position {
        private Position() {
        }

        static int line(String text, int offset) {
            int line = 1;
            for (int i = 0; i < Math.min(offset, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        static int column(String text, int offset) {
            int nl = text.lastIndexOf('\n', Math.max(0, Math.min(offset, text.length()) - 1));
            return nl < 0 ? offset : offset - nl - 1;
        }
    }
}
