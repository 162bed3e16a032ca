package dev.berth.cli;

import dev.berth.cli.format.Template;
import dev.berth.cli.format.TemplateException;

/**
 * docker's {@code --format} of one object ({@code docker version}, {@code docker info}): the
 * template ({@code json} for {@code {{json .}}}) over it, printed with a newline. A template that
 * does not parse exits 64, one that fails on the object prints an empty line and exits 1, as
 * docker's CLI does; errors name the template as docker names it ({@code version}, {@code info}).
 */
final class FormattedObject {
    private FormattedObject() {
    }

    /** Prints {@code data} through {@code format} and returns the exit code. */
    static int print(String name, String format, Object data) {
        Template template;
        try {
            template = Template.parse(name, "json".equals(format) ? "{{json .}}" : format);
        } catch (TemplateException e) {
            System.err.println("berth: template parsing error: " + e.getMessage());
            return 64;
        }
        try {
            System.out.println(template.execute(data));
            return 0;
        } catch (TemplateException e) {
            System.out.println();
            System.err.println("berth: template parsing error: " + e.getMessage());
            return 1;
        }
    }
}
