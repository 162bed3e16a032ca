package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.image.archive.DockerArchive;
import dev.berth.image.archive.LoadedImage;
import dev.berth.image.archive.OciArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth load -i FILE}: loads a {@code docker save} archive or an OCI archive (one with
 * an {@code oci-layout} file and no {@code manifest.json})
 * (<a href="https://docs.docker.com/reference/cli/docker/image/load/">docker load</a>).
 */
@Command(name = "load", description = "Load images from a tar archive")
final class LoadCommand extends Verb {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Read from a tar archive file")
    Path input;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("no such archive: " + input);
        }
        try (Berth berth = top.open()) {
            List<LoadedImage> loaded = isOciOnly(input) ? OciArchive.importInto(berth.images(), input)
                    : DockerArchive.importInto(berth.images(), input);
            for (LoadedImage image : loaded) {
                if (image.tags().isEmpty()) {
                    System.out.println("Loaded image ID: " + image.imageId());
                }
                image.tags().forEach(t -> System.out.println("Loaded image: " + t));
            }
            return 0;
        }
    }

    private static boolean isOciOnly(Path archive) throws IOException {
        boolean oci = false;
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName().replaceFirst("^\\./", "");
                if (name.equals("manifest.json")) {
                    return false;
                }
                oci |= name.equals("oci-layout");
            }
        } catch (IOException e) {
            throw new IOException("cannot read archive " + archive + ": " + e.getMessage(), e);
        }
        return oci;
    }
}
