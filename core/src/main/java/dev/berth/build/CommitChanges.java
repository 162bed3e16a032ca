package dev.berth.build;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.VariableExpander;
import dev.berth.image.oci.RuntimeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker commit --change}: Dockerfile instructions applied to the config of the image a
 * commit makes, as Docker's builder applies them to a container's config
 * (<a href="https://docs.docker.com/reference/cli/docker/container/commit/">docker commit</a>).
 * Only the instructions that change the config are taken: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,
 * ONBUILD, USER, VOLUME, WORKDIR and STOPSIGNAL. Variables expand from the config's Env.
 */
public final class CommitChanges {
    private static final Set<String> ALLOWED = Set.of("cmd", "entrypoint", "env", "expose", "label", "onbuild", "user",
            "volume", "workdir", "stopsignal");

    private CommitChanges() {
    }

    /**
     * {@code base} with {@code changes} applied in order.
     *
     * @throws IllegalArgumentException naming a change that is not one of the instructions above or does not parse
     */
    public static RuntimeConfig apply(RuntimeConfig base, List<String> changes) {
        if (changes.isEmpty()) {
            return base;
        }
        DockerfileStages.StageScope scope = new DockerfileStages.StageScope(base, Map.of(), Map.of());
        InstructionSteps steps = new InstructionSteps(scope, new VariableExpander(), (trigger, line) -> parse(trigger),
                "none");
        List<String> origins = new ArrayList<>();
        for (String change : changes) {
            String keyword = change.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!ALLOWED.contains(keyword)) {
                throw new IllegalArgumentException(keyword.toUpperCase(Locale.ROOT) + " is not a valid change command"
                        + " (in \"" + change + "\"): use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME,"
                        + " WORKDIR or STOPSIGNAL");
            }
            try {
                for (Instruction in : parse(change)) {
                    steps.add(in, "", origins);
                }
            } catch (DockerfileException e) {
                throw new IllegalArgumentException("invalid change \"" + change + "\": " + e.getMessage(), e);
            }
        }
        RuntimeConfig changed = scope.config();
        // The stage scope starts without the base's ONBUILD triggers (a build runs them); a commit keeps them.
        List<String> onBuild = new ArrayList<>(base == null || base.onBuild() == null ? List.of() : base.onBuild());
        if (changed.onBuild() != null) {
            onBuild.addAll(changed.onBuild());
        }
        return new RuntimeConfig(changed.user(), changed.exposedPorts(), changed.env(), changed.entrypoint(),
                changed.cmd(), changed.volumes(), changed.workingDir(), changed.labels(), changed.stopSignal(),
                base == null ? null : base.argsEscaped(), changed.healthcheck(), onBuild.isEmpty() ? null : onBuild,
                changed.shell());
    }

    private static List<Instruction> parse(String instruction) {
        if (instruction.contains("\n")) {
            throw new DockerfileException("a change is one instruction on one line");
        }
        return Dockerfile.parse("FROM scratch\n" + instruction + "\n").stages().get(0).instructions();
    }
}
