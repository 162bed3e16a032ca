package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Image;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code run --pull} and {@code --platform}, as docker's: {@code missing} (the default) pulls an
 * image the store lacks, {@code always} pulls it even when present, {@code never} fails on a
 * missing one with {@code No such image}. A platform is this host's (Berth emulates no other
 * architecture); another is refused with the reason, unless the store already has the image
 * for exactly that platform (and no pull is asked for), which then runs as it is.
 */
final class ImagePolicy {
    private static final List<String> POLICIES = List.of("always", "missing", "never");

    private ImagePolicy() {
    }

    static void prepare(Berth berth, String image, String pull, String platform) throws IOException {
        if (!POLICIES.contains(pull)) {
            throw new IllegalArgumentException("invalid pull option: '" + pull + "': must be one of \"always\", \"missing\" or \"never\"");
        }
        Optional<Image> local = berth.images().find(image);
        if (platform != null) {
            checkPlatform(image, pull, platform, local);
        }
        switch (pull) {
            case "never" -> {
                if (local.isEmpty()) {
                    throw new IllegalArgumentException("No such image: " + MissingImage.familiar(image));
                }
            }
            case "always" -> MissingImage.pull(berth, image, local.map(Image::id));
            default -> MissingImage.pullIfMissing(berth, image);
        }
    }

    private static void checkPlatform(String image, String pull, String platform, Optional<Image> local) {
        if (!platform.matches("[A-Za-z0-9_]+(/[A-Za-z0-9_]+){0,2}")) {
            throw new IllegalArgumentException("\"" + platform + "\": unknown operating system or architecture: invalid argument");
        }
        boolean localMatches = local.isPresent() && same(local.get().platform(), platform);
        if (BuildPlatform.isHost(platform)) {
            if (local.isPresent() && !localMatches && !pull.equals("always")) {
                throw new IllegalArgumentException("image with reference " + image + " was found but does not match the specified"
                        + " platform: wanted " + platform + ", actual: " + local.get().platform());
            }
            return;
        }
        if (!localMatches || pull.equals("always")) {
            throw new UnsupportedOperationException("--platform " + platform + ": berth pulls and runs this host's "
                    + BuildPlatform.host() + " images only (it emulates no other architecture)");
        }
    }

    /** {@code linux/arm64} and {@code linux/arm64/v8} are one platform, as docker's matcher has it. */
    private static boolean same(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String p) {
        String s = p.toLowerCase(Locale.ROOT).replace("x86_64", "amd64").replace("aarch64", "arm64");
        return s.endsWith("arm64/v8") ? s.substring(0, s.length() - 3) : s;
    }
}
