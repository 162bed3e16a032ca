package dev.berth.registry.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code skopeo} against a loopback registry over plain HTTP, with a time limit. */
public final class Skopeo {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Skopeo() {
    }

    public static boolean available() {
        return ExternalCommand.find("skopeo").isPresent();
    }

    /** {@code skopeo <args…>}; returns its output. */
    public static String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return ExternalCommand.run(TIMEOUT, command);
    }
}
