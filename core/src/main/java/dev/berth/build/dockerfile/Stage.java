package dev.berth.build.dockerfile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build stage: a {@code FROM [--platform=p] base [AS name]} and the instructions up to the next FROM.
 * The base and platform are as written; they may use the global ARGs (see
 * {@link Dockerfile#resolveBase(Stage, Map)}) and may name an earlier stage.
 *
 * @param index the 0-based position of the stage (stages without a name are referred to by index)
 * @param name the stage name, lower-cased, if it has one
 * @param base the base image or stage, unexpanded ({@code scratch} for an empty base)
 * @param platform the {@code --platform} value, unexpanded
 * @param line the 1-based line of the FROM
 * @param instructions the stage's instructions in order
 * @see <a href="https://docs.docker.com/reference/dockerfile/#from">FROM</a>
 * @see <a href="https://docs.docker.com/build/building/multi-stage/">Multi-stage builds</a>
 */
public record Stage(int index, Optional<String> name, String base, Optional<String> platform, int line,
                    List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** The stage's name, or its index as a string for unnamed stages ({@code COPY --from=0}). */
    public String reference() {
        return name.orElse(Integer.toString(index));
    }
}
