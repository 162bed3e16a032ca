package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ArchiveFormat;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth save -o FILE}: a {@code docker save} archive that {@code docker load} and
 * {@code podman load} read (<a href="https://docs.docker.com/reference/cli/docker/image/save/">docker save</a>),
 * or an OCI archive with {@code --format oci}.
 */
@Command(name = "save", description = "Save one or more images to a tar archive")
final class SaveCommand extends Verb {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Write to a file")
    Path output;

    @Option(names = "--format", description = "docker (default) or oci")
    String format = "docker";

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            ArchiveFormat chosen = switch (format) {
                case "docker" -> ArchiveFormat.DOCKER;
                case "oci" -> ArchiveFormat.OCI;
                default -> throw new IllegalArgumentException("unknown archive format \"" + format + "\": use docker or oci");
            };
            berth.save(images, output, chosen);
            return 0;
        }
    }
}
