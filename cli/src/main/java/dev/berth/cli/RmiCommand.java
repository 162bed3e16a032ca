package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ImageInUseException;
import dev.berth.ImageRemoval;
import dev.berth.image.ImageReference;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth rmi}: removes images as {@code docker rmi} does
 * (<a href="https://docs.docker.com/reference/cli/docker/image/rm/">docker rmi</a>): a tag, or an
 * image by the ID {@code images} prints (short or long, with or without {@code sha256:}) or by
 * digest. An image a container uses is refused with Docker's conflict message unless
 * {@code -f}; a name that is no image is {@code Error: No such image: NAME}. Each image is tried;
 * the exit code is 1 if any failed, as Docker's.
 */
@Command(name = "rmi", description = "Remove one or more images")
final class RmiCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() throws Exception {
        int code = 0;
        try (Berth berth = top.open()) {
            for (String image : images) {
                if (berth.images().find(image).isEmpty()) {
                    System.err.println("Error: No such image: " + image);
                    code = 1;
                    continue;
                }
                try {
                    ImageRemoval removed = berth.images().remove(image, force);
                    removed.untagged().forEach(u -> System.out.println("Untagged: " + familiar(u)));
                    removed.deleted().forEach(d -> System.out.println("Deleted: " + d));
                } catch (ImageInUseException e) {
                    System.err.println("Error: " + e.getMessage());
                    code = 1;
                }
            }
        }
        return code;
    }

    /** {@code busybox:latest} for {@code docker.io/library/busybox:latest}, as Docker prints it. */
    static String familiar(String reference) {
        try {
            return ImageReference.parse(reference).familiar();
        } catch (IllegalArgumentException e) {
            return reference;
        }
    }
}
