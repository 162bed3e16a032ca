package dev.berth.build;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Stage;
import dev.berth.build.dockerfile.VariableExpander;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageDetails;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfile frontend: turns a parsed Dockerfile's stages into build stages
 * (<a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>), expanding
 * variables where Docker does (from the base image's Env, the stage's ENV and the ARGs in scope;
 * not in RUN, CMD, ENTRYPOINT or SHELL, which the shell expands), with BuildKit's ARG scoping
 * (global ARGs before the first FROM are seen in a stage only after an {@code ARG NAME} there), and
 * running the base image's ONBUILD triggers at the start of the stage built on it.
 */
public final class DockerfileStages {
    private final Dockerfile dockerfile;
    private final String fileName;
    private final Map<String, String> givenArgs;
    /** The given build args over the automatic platform args, for the target of {@link #stages}. */
    private Map<String, String> buildArgs;
    private final ImageBuild.BaseImages bases;
    private final VariableExpander expander;
    private final String network;
    /** Each translated stage's final env and ONBUILD triggers, for stages built FROM it. */
    private final Map<String, RuntimeConfig> stageConfigs = new HashMap<>();

    /** @param network the network of RUN steps that do not choose one ({@code default}, {@code none} or {@code host}) */
    public DockerfileStages(Dockerfile dockerfile, String fileName, Map<String, String> buildArgs,
            ImageBuild.BaseImages bases, String network) {
        this.network = network;
        this.dockerfile = dockerfile;
        this.fileName = fileName;
        this.givenArgs = Map.copyOf(buildArgs);
        this.buildArgs = this.givenArgs;
        this.bases = bases;
        this.expander = new VariableExpander(dockerfile.escapeCharacter());
    }

    /** The build stages, up to {@code target} (a stage name; null for the last). */
    public List<BuildStage> stages(String target) throws IOException {
        buildArgs = Map.copyOf(Dockerfile.withAutomaticArgs(givenArgs, target));
        List<Stage> stages = dockerfile.stages();
        int last = stages.size() - 1;
        if (target != null) {
            last = dockerfile.stage(target).map(Stage::index).orElseThrow(() -> new IllegalArgumentException(
                    "target stage " + target + " is not in " + fileName));
        }
        java.util.Set<Integer> needed = new java.util.TreeSet<>();
        need(last, needed);
        List<BuildStage> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            // A stage the target does not need is neither translated nor has its base pulled, as in BuildKit.
            out.add(needed.contains(i) ? stage(stages.get(i))
                    : new BuildStage(stages.get(i).name().orElse(null), "scratch", List.of()));
        }
        return out;
    }

    /** Adds stage {@code i} and the earlier stages it is built FROM, copies from or mounts, transitively. */
    private void need(int i, java.util.Set<Integer> needed) {
        if (!needed.add(i)) {
            return;
        }
        Stage stage = dockerfile.stages().get(i);
        List<String> refs = new ArrayList<>(List.of(dockerfile.resolveBase(stage, buildArgs)));
        for (Instruction in : stage.instructions()) {
            if (in instanceof Instruction.Copy c && c.from().isPresent()) {
                refs.add(c.from().get());
            } else if (in instanceof Instruction.Run r) {
                r.mounts().forEach(m -> m.from().ifPresent(refs::add));
            }
        }
        for (String ref : refs) {
            for (Stage earlier : dockerfile.stages().subList(0, i)) {
                if (earlier.reference().equals(ref.toLowerCase(java.util.Locale.ROOT))) {
                    need(earlier.index(), needed);
                }
            }
        }
    }

    private BuildStage stage(Stage stage) throws IOException {
        String base = dockerfile.resolveBase(stage, buildArgs);
        RuntimeConfig baseConfig = baseConfig(base);
        String baseRef = stageConfigs.containsKey(base.toLowerCase(java.util.Locale.ROOT))
                ? base.toLowerCase(java.util.Locale.ROOT) : base;
        StageScope scope = new StageScope(baseConfig, dockerfile.globalArgValues(buildArgs), buildArgs);
        InstructionSteps steps = new InstructionSteps(scope, expander, this::triggers, network);
        List<String> origins = new ArrayList<>(List.of(origin(stage.line())));
        if (baseConfig != null && baseConfig.onBuild() != null) {
            for (String trigger : baseConfig.onBuild()) {
                for (Instruction in : triggers(trigger, stage.line())) {
                    steps.add(in, origin(stage.line()) + " ONBUILD " + trigger, origins);
                }
            }
        }
        for (Instruction in : stage.instructions()) {
            try {
                steps.add(in, origin(in.line()), origins);
            } catch (DockerfileException e) {
                throw e.line() == 0 ? new DockerfileException(in.line(), e.getMessage()) : e;
            } catch (IllegalArgumentException e) {
                throw new DockerfileException(in.line(), e.getMessage());
            }
        }
        stageConfigs.put(stage.reference(), scope.config());
        // Unnamed stages stay unnamed (no "AS 0" in the output); the build still finds them by index.
        return new BuildStage(stage.name().orElse(null), baseRef, steps.steps(), origins);
    }

    /** The config the stage starts from: an earlier stage's as translated, an image's, or scratch's default PATH. */
    private RuntimeConfig baseConfig(String base) throws IOException {
        RuntimeConfig stage = stageConfigs.get(base.toLowerCase(java.util.Locale.ROOT));
        if (stage != null) {
            return stage;
        }
        if (base.equals("scratch")) {
            return BuildConfig.scratch();
        }
        ImageDetails image = bases.resolve(base);
        return image.config().value().config();
    }

    /** An ONBUILD trigger parsed as the one instruction of a stage. */
    private List<Instruction> triggers(String trigger, int line) {
        try {
            return Dockerfile.parse("FROM scratch\n" + trigger + "\n").stages().get(0).instructions();
        } catch (DockerfileException e) {
            throw new DockerfileException(line, "ONBUILD trigger \"" + trigger + "\" of the base image: " + e.getMessage());
        }
    }

    private String origin(int line) {
        return fileName + ":" + line;
    }

    /** The variables a stage's instructions are expanded with: base Env, ENV, ARGs in scope. */
    static final class StageScope {
        final Map<String, String> args = new LinkedHashMap<>();
        final Map<String, String> globalArgs;
        final Map<String, String> buildArgs;
        final BuildConfig config;

        StageScope(RuntimeConfig base, Map<String, String> globalArgs, Map<String, String> buildArgs) {
            this.config = BuildConfig.of(base);
            this.globalArgs = globalArgs;
            this.buildArgs = buildArgs;
        }

        /** ARGs in scope, with the config's Env (the base's and ENV's) over them, as BuildKit expands. */
        Map<String, String> variables() {
            Map<String, String> v = new LinkedHashMap<>(args);
            v.putAll(config.env);
            return v;
        }

        RuntimeConfig config() {
            return config.toRuntimeConfig();
        }
    }
}
