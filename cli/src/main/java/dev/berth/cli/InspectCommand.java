package dev.berth.cli;

import dev.berth.Berth;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth inspect}: a JSON array with one object per container, image, network or volume,
 * as the Engine API's inspect endpoints answer (<a href="https://docs.docker.com/reference/cli/docker/inspect/">docker inspect</a>),
 * or each through {@code --format}.
 */
@Command(name = "inspect", description = "Return low-level information on Docker objects")
final class InspectCommand extends Verb {
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template: 'json' or a Go template")
    String format;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container")
    boolean size;

    @Option(names = "--type", paramLabel = "string", description = "Only inspect objects of this type: container, image, network or volume")
    String type;

    @Parameters(arity = "1..*", paramLabel = "NAME|ID")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        Inspector.Kind kind = Inspector.kind(type);
        try (Berth berth = top.open()) {
            int code = new Inspector(berth, size).print(names, kind, "json".equals(format) ? "{{json .}}" : format, System.out, System.err);
            if (code != 0) {
                throw new ExitCode(code);
            }
            return 0;
        }
    }
}
