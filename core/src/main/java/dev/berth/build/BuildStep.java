package dev.berth.build;

import dev.berth.Copy;
import java.util.List;
import java.util.function.Consumer;

/**
 * One instruction of a build stage after its frontend (the fluent {@code ImageBuilder} or a
 * Dockerfile) has resolved it: what the executor runs
 * (<a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>). Its
 * {@link #instruction()} text is what history, errors and the listener show, and part of its
 * build cache key, so it must name everything the step does.
 */
public sealed interface BuildStep {
    /** The instruction as a Dockerfile line would give it, e.g. {@code RUN make}. */
    String instruction();

    /**
     * {@code RUN}: the command in a container of the stage's current state; its changes become
     * one layer.
     *
     * @param command the argv (exec form) or one shell string (shell form)
     * @param network {@code default} (docker's: a NAT'd endpoint on the default bridge), {@code none}
     *     (loopback only) or {@code host}
     * @param mounts {@code --mount}s, for this command only
     */
    record Run(List<String> command, boolean shellForm, String network, List<RunMount> mounts) implements BuildStep {
        public Run {
            command = List.copyOf(command);
            mounts = List.copyOf(mounts);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("RUN needs a command");
            }
            if (!RunNetwork.MODES.contains(network)) {
                throw new IllegalArgumentException("RUN network must be default, none or host, not " + network);
            }
        }

        @Override
        public String instruction() {
            StringBuilder s = new StringBuilder("RUN ");
            for (RunMount m : mounts) {
                s.append(m).append(' ');
            }
            if (!network.equals(RunNetwork.BRIDGE)) {
                s.append("--network=").append(network).append(' ');
            }
            return s.append(shellForm ? command.get(0) : Quoting.json(command)).toString();
        }
    }

    /** {@code COPY} ({@code add} false) or {@code ADD}: files into one new layer. */
    record CopyFiles(Copy copy, boolean add) implements BuildStep {
        @Override
        public String instruction() {
            return (add ? "ADD " : "COPY ") + copy;
        }
    }

    /** A step that only changes the config (ENV, CMD, LABEL, ...): an {@code empty_layer} history entry. */
    record Configure(String instruction, Consumer<BuildConfig> change) implements BuildStep {
    }

    /**
     * {@code ARG name[=default] ...}: build arguments, seen by later RUN steps of the stage as
     * variables; one step for all the names of one instruction, as docker shows it.
     */
    record Arg(List<Definition> definitions) implements BuildStep {
        /** One name and its default (null: none). */
        public record Definition(String name, String defaultValue) {
            @Override
            public String toString() {
                return name + (defaultValue == null ? "" : "=" + defaultValue);
            }
        }

        public Arg {
            definitions = List.copyOf(definitions);
            if (definitions.isEmpty()) {
                throw new IllegalArgumentException("ARG needs at least one name");
            }
        }

        /** {@code ARG name[=default]}. */
        public Arg(String name, String defaultValue) {
            this(List.of(new Definition(name, defaultValue)));
        }

        @Override
        public String instruction() {
            return "ARG " + String.join(" ", definitions.stream().map(Definition::toString).toList());
        }
    }
}
