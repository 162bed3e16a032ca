package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} as docker's tables use it ({@code minwidth 10, tabwidth 1,
 * padding 3, padchar ' ', flags 0}): tab-terminated cells of consecutive lines form a column,
 * padded to its widest cell plus 3 and at least 10; the last cell of a line is not padded.
 *
 * @see <a href="https://pkg.go.dev/text/tabwriter">text/tabwriter</a>
 */
final class TabWriter {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private TabWriter() {
    }

    static String format(String text) {
        List<List<String>> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        int count = raw.length;
        if (text.endsWith("\n")) {
            count--; // the terminating newline ends the last line
        }
        for (int i = 0; i < count; i++) {
            lines.add(List.of(raw[i].split("\t", -1)));
        }
        StringBuilder out = new StringBuilder();
        format(out, lines, 0, lines.size(), 0, new ArrayList<>());
        if (!text.endsWith("\n") && !lines.isEmpty()) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    /** Go's recursive column-block algorithm: lines {@code [from, to)}, columns from {@code column}. */
    private static int format(StringBuilder out, List<List<String>> lines, int from, int to, int column, List<Integer> widths) {
        int line = from;
        for (; line < to; line++) {
            List<String> cells = lines.get(line);
            // cells.size() - 1 tab-terminated cells; the last cell is not part of a column
            if (column >= cells.size() - 1) {
                continue;
            }
            // a new column block starts here
            print(out, lines, from, line, widths);
            from = line;
            int width = MIN_WIDTH;
            for (; line < to; line++) {
                List<String> c = lines.get(line);
                if (column >= c.size() - 1) {
                    break;
                }
                width = Math.max(width, length(c.get(column)) + PADDING);
            }
            List<Integer> inner = new ArrayList<>(widths);
            inner.add(width);
            line = format(out, lines, from, line, column + 1, inner);
            from = line;
        }
        print(out, lines, from, to, widths);
        return to;
    }

    private static void print(StringBuilder out, List<List<String>> lines, int from, int to, List<Integer> widths) {
        for (int i = from; i < to; i++) {
            List<String> cells = lines.get(i);
            for (int j = 0; j < cells.size(); j++) {
                String cell = cells.get(j);
                out.append(cell);
                if (j < widths.size() && j < cells.size() - 1) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - length(cell))));
                }
            }
            out.append('\n');
        }
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
