package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Image;
import dev.berth.image.ImageReference;
import dev.berth.image.RegistryRefusal;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code docker run} does with an image the store does not have
 * (<a href="https://docs.docker.com/reference/cli/docker/container/run/">docker run</a>): says
 * {@code Unable to find image 'NAME' locally}, pulls it with progress on stderr, and when no
 * registry has it says so in Docker's words, {@code manifest for NAME not found} or
 * {@code pull access denied for NAME}, unlike an image that was only not pulled yet.
 */
final class MissingImage {
    private MissingImage() {
    }

    /** Pulls {@code image} unless the store has it (a name only: an ID is never pulled). */
    static void pullIfMissing(Berth berth, String image) throws IOException {
        if (berth.images().find(image).isPresent()) {
            return;
        }
        ImageReference ref = reference(image);
        if (ref == null) {
            return; // the start names it as the store's error
        }
        System.err.println("Unable to find image '" + ref.familiar() + "' locally");
        pull(berth, ref, image, Optional.empty());
    }

    /**
     * {@code --pull always}: pulls {@code image} whether or not the store has it ({@code had}: the
     * ID it had), and says whether it changed, as docker's {@code Status:} line does.
     */
    static void pull(Berth berth, String image, Optional<String> had) throws IOException {
        ImageReference ref = reference(image);
        if (ref == null) {
            throw new IllegalArgumentException("cannot pull " + image + ": it is not an image name");
        }
        pull(berth, ref, image, had);
    }

    private static void pull(Berth berth, ImageReference ref, String image, Optional<String> had) throws IOException {
        PrintStream err = System.err;
        err.println(ref.tag().orElseGet(() -> ref.digest().map(Object::toString).orElse("latest")) + ": Pulling from "
                + ref.repository());
        Image pulled;
        try {
            pulled = berth.pull(image, ProgressBars.to(err, System.console() != null, "Pull complete"));
        } catch (IOException e) {
            throw refused(ref, e);
        }
        err.println("Digest: " + pulled.digest());
        err.println(had.filter(pulled.id()::equals).isPresent() ? "Status: Image is up to date for " + ref.familiar()
                : "Status: Downloaded newer image for " + ref.familiar());
    }

    /** {@code busybox:latest} for {@code busybox}, as docker names an image in its messages; the text itself if not a name. */
    static String familiar(String image) {
        ImageReference ref = reference(image);
        return ref == null ? image : ref.familiar();
    }

    /** The reference with docker's default tag, or null when {@code image} is not a name (an ID). */
    private static ImageReference reference(String image) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(image);
        } catch (IllegalArgumentException notAName) {
            return null;
        }
        return parsed.tag().isEmpty() && parsed.digest().isEmpty() ? parsed.withTag(ImageReference.DEFAULT_TAG) : parsed;
    }

    /** The registry's refusal in Docker's words; other failures (no connection) as they are. */
    static IOException refused(ImageReference ref, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryRefusal r) {
                String said = words(r.code()) + (r.errorMessage().isEmpty() ? "" : ": " + r.errorMessage());
                if (r.code().equals("MANIFEST_UNKNOWN") || r.statusCode() == 404 && !r.code().equals("NAME_UNKNOWN")) {
                    return new IOException("manifest for " + ref.familiar() + " not found: " + said, e);
                }
                if (r.code().equals("NAME_UNKNOWN") || r.statusCode() == 401 || r.statusCode() == 403) {
                    return new IOException("pull access denied for " + ref.withoutDigest().familiarName()
                            + ", repository does not exist or may require 'berth login': " + said, e);
                }
            }
        }
        return e;
    }

    /** {@code manifest unknown} for {@code MANIFEST_UNKNOWN}, as Docker prints a registry's error code. */
    private static String words(String code) {
        return code.isEmpty() ? "error" : code.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
