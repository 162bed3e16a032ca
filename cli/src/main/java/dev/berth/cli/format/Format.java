package dev.berth.cli.format;

import java.util.List;

/**
 * A {@code --format} value as docker's CLI reads it: {@code table} (the verb's default
 * columns), {@code table TEMPLATE} (a header line, then the rows, aligned by tabs),
 * {@code json} (each row as one JSON object) or a bare {@code TEMPLATE} (run once per row).
 * {@code \t} and {@code \n} written as two characters are a tab and a newline.
 *
 * @see <a href="https://docs.docker.com/engine/cli/formatting/">Format command and log output</a>
 */
public final class Format {
    private final boolean table;
    private final Template template;

    private Format(boolean table, Template template) {
        this.table = table;
        this.template = template;
    }

    /**
     * {@code spec} for rows of {@code columns}: null or empty means {@code table}.
     *
     * @throws TemplateException when the template does not parse
     */
    public static Format of(String spec, Row.Columns columns) {
        String s = spec == null || spec.isEmpty() ? "table" : spec;
        if (s.equals("table")) {
            s = columns.defaultTable();
        } else if (s.equals("json")) {
            s = "{{json .}}";
        }
        boolean table = s.startsWith("table");
        if (table) {
            s = s.substring("table".length());
        }
        s = s.strip().replace("\\t", "\t").replace("\\n", "\n");
        return new Format(table, Template.parse("", s));
    }

    public boolean isTable() {
        return table;
    }

    public Template template() {
        return template;
    }

    /**
     * The output for {@code rows}: each row's line, after the header for a table (printed even
     * without rows, as docker's).
     *
     * @throws TemplateException when the template fails on a row; nothing is printed then
     */
    public String render(List<Row> rows, Row.Columns columns) {
        StringBuilder body = new StringBuilder();
        for (Row r : rows) {
            body.append(template.execute(r)).append('\n');
        }
        if (!table) {
            return body.toString();
        }
        return TabWriter.format(template.header(columns.headerRow()) + "\n" + body);
    }
}
