package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.CommitOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth import}: a one-layer image from a root file system tarball (a file, or {@code -}
 * for stdin; plain or compressed), its id printed
 * (<a href="https://docs.docker.com/reference/cli/docker/image/import/">docker import</a>).
 */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image")
final class ImportCommand extends Verb implements DockerStatus.ExitsOne {
    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Set commit message for imported image")
    String message;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Parameters(index = "0", paramLabel = "file|URL|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    public Integer call() throws Exception {
        if (source.matches("(?i)https?://.*")) {
            throw new UnsupportedOperationException("import from a URL: berth imports a file or stdin; download "
                    + source + " first");
        }
        if (platform != null && !BuildPlatform.isHost(platform)) {
            throw new UnsupportedOperationException("import --platform " + platform + ": berth imports for this host's "
                    + BuildPlatform.host() + " only");
        }
        CommitOptions options = CommitOptions.create().reference(reference).comment(message);
        changes.forEach(options::change);
        try (Berth berth = top.open(); InputStream in = source.equals("-") ? System.in : Files.newInputStream(Path.of(source))) {
            System.out.println(berth.importImage(in, options).id());
            return 0;
        }
    }
}
