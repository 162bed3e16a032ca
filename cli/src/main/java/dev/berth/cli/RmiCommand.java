package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Pruned;
import dev.berth.image.oci.Descriptor;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth rmi}: untags images (an id removes every tag of it), then frees the blobs
 * nothing references (<a href="https://docs.docker.com/reference/cli/docker/image/rm/">docker rmi</a>).
 */
@Command(name = "rmi", description = "Remove one or more images")
final class RmiCommand extends Verb {
    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            for (String image : images) {
                for (String untagged : berth.images().remove(image).stream()
                        .map(d -> d.annotation(Descriptor.REF_NAME).orElse(d.digest().toString())).toList()) {
                    System.out.println("Untagged: " + untagged);
                }
            }
            Pruned pruned = berth.collectGarbage();
            pruned.blobs().forEach(d -> System.out.println("Deleted: " + d));
            pruned.layers().forEach(l -> System.out.println("Deleted layer: " + l));
            return 0;
        }
    }
}
