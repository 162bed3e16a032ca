package dev.berth.build.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A typed Dockerfile instruction inside a {@link Stage} (FROM starts the stage itself). Every instruction
 * knows the 1-based line it starts on. String values are kept as written, unexpanded: quotes in
 * {@code ENV}/{@code LABEL}/{@code ARG} values and variables anywhere are resolved with
 * {@link VariableExpander} by the executor, which knows the build arguments and environment.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/#overview">Dockerfile instructions</a>
 */
public sealed interface Instruction {
    /** The 1-based line the instruction starts on. */
    int line();

    /** A {@code key=value} pair of {@code ENV} or {@code LABEL}, value unexpanded (quotes included). */
    record KeyValue(String key, String value) {
    }

    /**
     * {@code RUN}: the command in shell form (one string run by the stage's {@code SHELL}) or exec form.
     *
     * @param command the command: one string in shell form, the argv in exec form
     * @param shellForm whether it is the shell form
     * @param mounts the {@code --mount} options
     * @param network the {@code --network} mode ({@code default}, {@code none} or {@code host}), if given
     * @param security the {@code --security} mode ({@code sandbox} or {@code insecure}), if given
     * @param heredocs here-documents, the first of which is the script when the command is just {@code <<EOF}
     * @see <a href="https://docs.docker.com/reference/dockerfile/#run">RUN</a>
     */
    record Run(int line, List<String> command, boolean shellForm, List<RunMount> mounts, Optional<String> network,
               Optional<String> security, List<Heredoc> heredocs) implements Instruction {
    }

    /**
     * {@code CMD}, shell or exec form; an empty exec form ({@code CMD []}) clears the command.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#cmd">CMD</a>
     */
    record Cmd(int line, List<String> command, boolean shellForm) implements Instruction {
    }

    /**
     * {@code ENTRYPOINT}, shell or exec form.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#entrypoint">ENTRYPOINT</a>
     */
    record Entrypoint(int line, List<String> command, boolean shellForm) implements Instruction {
    }

    /**
     * {@code SHELL ["executable", "parameters"]}, JSON form only.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#shell">SHELL</a>
     */
    record Shell(int line, List<String> shell) implements Instruction {
    }

    /**
     * {@code ENV}; {@code legacyForm} marks the {@code ENV key value} spelling.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#env">ENV</a>
     */
    record Env(int line, List<KeyValue> pairs, boolean legacyForm) implements Instruction {
    }

    /**
     * {@code LABEL}.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#label">LABEL</a>
     */
    record Label(int line, List<KeyValue> pairs) implements Instruction {
    }

    /** One {@code ARG} name with its default, if any (unexpanded). */
    record ArgDefinition(String name, Optional<String> defaultValue) {
    }

    /**
     * {@code ARG name[=default] ...}. Before the first FROM these are the global args
     * ({@link Dockerfile#globalArgs()}); a stage sees a global arg only after re-declaring it.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#arg">ARG</a>
     */
    record Arg(int line, List<ArgDefinition> args) implements Instruction {
    }

    /** A port (or range) and protocol of {@code EXPOSE}, e.g. {@code 8000-8010/udp}. */
    record ExposedPort(int first, int last, String protocol) {
    }

    /**
     * {@code EXPOSE port[/protocol] ...}, as written.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#expose">EXPOSE</a>
     */
    record Expose(int line, List<String> ports) implements Instruction {
        /** The ports with variables expanded from {@code env} (a variable may hold several ports). */
        public List<ExposedPort> exposedPorts(Map<String, String> env) {
            List<ExposedPort> out = new ArrayList<>();
            VariableExpander expander = new VariableExpander();
            for (String port : ports) {
                for (String word : expander.expandWords(port, env)) {
                    out.add(PortSpec.parse(word, line));
                }
            }
            return out;
        }
    }

    /**
     * {@code VOLUME}, JSON array or words.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#volume">VOLUME</a>
     */
    record Volume(int line, List<String> paths) implements Instruction {
    }

    /**
     * {@code USER user[:group]}.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#user">USER</a>
     */
    record User(int line, String user) implements Instruction {
    }

    /**
     * {@code WORKDIR path}.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#workdir">WORKDIR</a>
     */
    record Workdir(int line, String path) implements Instruction {
    }

    /**
     * {@code COPY}: sources from the build context (or {@code --from} a stage or image) to a destination.
     *
     * @param sources the source paths (here-document sources are in {@code inlineSources})
     * @param inlineSources sources written as here-documents ({@code COPY <<EOF /dst})
     * @see <a href="https://docs.docker.com/reference/dockerfile/#copy">COPY</a>
     */
    record Copy(int line, List<String> sources, List<Heredoc> inlineSources, String destination, Optional<String> from,
                Optional<String> chown, Optional<String> chmod, boolean link, boolean parents, List<String> excludes)
            implements Instruction {
    }

    /**
     * {@code ADD}: like COPY, sources may also be URLs and git repositories, and local archives are unpacked.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#add">ADD</a>
     */
    record Add(int line, List<String> sources, List<Heredoc> inlineSources, String destination, Optional<String> chown,
               Optional<String> chmod, boolean link, Optional<String> checksum, boolean keepGitDir,
               List<String> excludes, Optional<Boolean> unpack) implements Instruction {
    }

    /**
     * {@code ONBUILD}: an instruction recorded in the image to run when it is used as a base.
     *
     * @param expression the trigger as written, e.g. {@code RUN make}
     * @param trigger the trigger, parsed; empty when it is not a valid instruction, which Docker (like
     *     this parser) only reports when an image built on this one runs the trigger
     * @see <a href="https://docs.docker.com/reference/dockerfile/#onbuild">ONBUILD</a>
     */
    record Onbuild(int line, String expression, Optional<Instruction> trigger) implements Instruction {
    }

    /**
     * {@code HEALTHCHECK}; {@code none} disables the inherited check. {@code test} is in the image-config
     * form: {@code ["NONE"]}, {@code ["CMD", argv...]} or {@code ["CMD-SHELL", command]}. Durations and
     * retries not given are zero (inherit the default).
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#healthcheck">HEALTHCHECK</a>
     */
    record Healthcheck(int line, boolean none, List<String> test, Duration interval, Duration timeout,
                       Duration startPeriod, Duration startInterval, int retries) implements Instruction {
    }

    /**
     * {@code STOPSIGNAL signal}.
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#stopsignal">STOPSIGNAL</a>
     */
    record StopSignal(int line, String signal) implements Instruction {
    }

    /**
     * {@code MAINTAINER name} (deprecated, becomes the image author).
     *
     * @see <a href="https://docs.docker.com/reference/dockerfile/#maintainer-deprecated">MAINTAINER</a>
     */
    record Maintainer(int line, String maintainer) implements Instruction {
    }
}
