package dev.berth.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns as docker's tables print them (docker/cli's tabwriter: minimum width 10, padding 3):
 * each column as wide as its widest cell plus three spaces, and at least ten.
 */
final class Table {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], Math.max(MIN_WIDTH, r[i].length() + PADDING));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
