package dev.berth.cli;

import dev.berth.Berth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth copy SRC DST}: copies an image between two places as
 * <a href="https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md">skopeo copy</a> does, in the
 * same transport syntax: {@code docker://REF}, {@code oci:DIR[:REF]}, {@code oci-archive:PATH[:REF]},
 * {@code docker-archive:PATH[:REF]}, and Berth's store as {@code berth:REF} or a bare reference.
 */
@Command(name = "copy", description = "Copy an image between registries, the store, OCI layouts and archives")
final class CopyCommand extends Verb {
    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SOURCE-IMAGE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION-IMAGE")
    String destination;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            for (String digest : berth.copy(source, destination, ProgressBars.choose(quiet, "Copied"))) {
                System.out.println(digest);
            }
            return 0;
        }
    }
}
