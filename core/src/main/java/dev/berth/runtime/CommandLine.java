package dev.berth.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The argv a container starts with, from its image's {@code Entrypoint} and {@code Cmd} and the
 * caller's overrides, combined as Docker combines them
 * (<a href="https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact">how
 * CMD and ENTRYPOINT interact</a>). Image configs store both as arrays; a Dockerfile's shell form
 * is already {@code ["/bin/sh", "-c", "..."]} there, so the argv is always the entrypoint followed
 * by the cmd. Overrides follow the Docker daemon's merge of the container config into the image's:
 * <ul>
 *   <li>a non-empty entrypoint override replaces the image's entrypoint and drops the image's
 *       cmd (only the cmd override, if any, follows it);</li>
 *   <li>an empty entrypoint override ({@code --entrypoint ""}) clears the entrypoint and keeps
 *       the image's cmd unless the cmd is overridden too;</li>
 *   <li>a cmd override replaces the image's cmd; an empty one counts as no override.</li>
 * </ul>
 * Immutable.
 */
public final class CommandLine {
    private final String image;
    private final List<String> imageEntrypoint;
    private final List<String> imageCmd;
    private final List<String> entrypointOverride; // null: not overridden
    private final List<String> cmdOverride; // empty: not overridden

    private CommandLine(String image, List<String> imageEntrypoint, List<String> imageCmd,
            List<String> entrypointOverride, List<String> cmdOverride) {
        this.image = image;
        this.imageEntrypoint = imageEntrypoint;
        this.imageCmd = imageCmd;
        this.entrypointOverride = entrypointOverride;
        this.cmdOverride = cmdOverride;
    }

    /**
     * The command line of {@code image} (named in errors) with its config's {@code Entrypoint}
     * and {@code Cmd}; either may be null or empty when the image has none.
     */
    public static CommandLine ofImage(String image, List<String> entrypoint, List<String> cmd) {
        return new CommandLine(Objects.requireNonNull(image, "image"), copy(entrypoint, "entrypoint"),
                copy(cmd, "cmd"), null, List.of());
    }

    /** Overrides the entrypoint ({@code docker run --entrypoint}); no arguments clears it. */
    public CommandLine withEntrypoint(String... entrypoint) {
        return withEntrypoint(Arrays.asList(entrypoint));
    }

    /** Overrides the entrypoint; an empty list clears it. */
    public CommandLine withEntrypoint(List<String> entrypoint) {
        return new CommandLine(image, imageEntrypoint, imageCmd,
                copy(Objects.requireNonNull(entrypoint, "entrypoint"), "entrypoint"), cmdOverride);
    }

    /** Overrides the cmd (the arguments after the image in {@code docker run}). */
    public CommandLine withCmd(String... cmd) {
        return withCmd(Arrays.asList(cmd));
    }

    /** Overrides the cmd; an empty list keeps the image's, as in Docker. */
    public CommandLine withCmd(List<String> cmd) {
        return new CommandLine(image, imageEntrypoint, imageCmd, entrypointOverride,
                copy(Objects.requireNonNull(cmd, "cmd"), "cmd"));
    }

    /** The entrypoint the container runs with (possibly empty). */
    public List<String> entrypoint() {
        return entrypointOverride != null ? entrypointOverride : imageEntrypoint;
    }

    /** The cmd the container runs with (possibly empty). */
    public List<String> cmd() {
        if (!cmdOverride.isEmpty()) {
            return cmdOverride;
        }
        // Docker keeps the image's Cmd only while the entrypoint is not replaced by a real one.
        return entrypointOverride == null || entrypointOverride.isEmpty() ? imageCmd : List.of();
    }

    /**
     * The process's argv: entrypoint then cmd.
     *
     * @throws IllegalArgumentException when both are empty, as Docker's "No command specified"
     */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(entrypoint());
        argv.addAll(cmd());
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command specified: image " + image
                    + " has no Entrypoint or Cmd, and none was given");
        }
        return List.copyOf(argv);
    }

    @Override
    public String toString() {
        return "CommandLine[" + image + ": entrypoint=" + entrypoint() + ", cmd=" + cmd() + "]";
    }

    private static List<String> copy(List<String> args, String what) {
        if (args == null) {
            return List.of();
        }
        for (String a : args) {
            if (a == null) {
                throw new IllegalArgumentException(what + " " + args + " contains null");
            }
        }
        return List.copyOf(args);
    }
}
