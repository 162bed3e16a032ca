package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.build.dockerfile.Dockerfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Dockerfile frontend's translation of stages into steps, without running them. */
class DockerfileStagesTest {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static List<BuildStage> stages(String dockerfile) throws Exception {
        ImageBuild.BaseImages noBases = ref -> {
            throw new AssertionError("no base image expected, asked for " + ref);
        };
        return new DockerfileStages(Dockerfile.parse(dockerfile), "Dockerfile", Map.of(), noBases, "none").stages(null);
    }

    /** The config the stage's config steps leave, starting from what a stage FROM scratch starts with. */
    private static BuildConfig configAfter(BuildStage stage) {
        BuildConfig config = StageState.scratch().config;
        for (BuildStep s : stage.steps()) {
            if (s instanceof BuildStep.Configure c) {
                c.change().accept(config);
            }
        }
        return config;
    }

    @Test
    void scratchStagesStartWithTheDefaultPathAsDockerAndBuildahDo() throws Exception {
        // BuildKit's empty image records PATH in the config Env; ENV PATH=...:$PATH expands against it.
        assertEquals(Map.of("PATH", DEFAULT_PATH), StageState.scratch().config.env);
        BuildStage stage = stages("FROM scratch\nENV PATH=/x:$PATH\n").get(0);
        assertEquals("/x:" + DEFAULT_PATH, configAfter(stage).env.get("PATH"));
    }

    @Test
    void stepsReadAsDockersOutput() throws Exception {
        List<BuildStage> stages = stages("FROM scratch\nENV a=1 b=2\nLABEL x=1 y=2\nARG p q=$a\nFROM scratch AS Named\nFROM 0\n");
        assertEquals("FROM scratch", stages.get(0).instruction()); // no "AS 0" on an unnamed stage
        assertEquals("FROM scratch AS named", stages.get(1).instruction());
        assertEquals("0", stages.get(2).base()); // an earlier stage is still referred to by its index
        BuildStage first = stages.get(0);
        assertEquals(List.of("ENV a=1 b=2", "LABEL x=1 y=2", "ARG p q=1"),
                first.steps().stream().map(BuildStep::instruction).toList()); // one step per instruction
        assertEquals(4, first.origins().size());
        BuildConfig config = configAfter(first);
        assertEquals("1", config.env.get("a"));
        assertEquals("2", config.env.get("b"));
        assertEquals(Map.of("x", "1", "y", "2"), config.labels);
    }

    @Test
    void theVariablesOfOneEnvAreExpandedWithTheEnvBeforeIt() throws Exception {
        // the Dockerfile reference's example: def is hello, the value before this ENV
        BuildStage stage = stages("FROM scratch\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n").get(0);
        BuildConfig config = configAfter(stage);
        assertEquals("hello", config.env.get("def"));
        assertEquals("bye", config.env.get("ghi"));
    }

    @Test
    void automaticPlatformArgsHaveThisHostsValuesOnceDeclaredAsInBuildKit() throws Exception {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        List<BuildStage> stages = stages("ARG TARGETOS\nFROM scratch AS base\nARG TARGETARCH BUILDPLATFORM TARGETSTAGE\n"
                + "ENV seen=$TARGETOS-$TARGETARCH\nFROM base\nENV later=x$TARGETARCH\n");
        assertEquals("ARG TARGETARCH=" + arch + " BUILDPLATFORM=linux/" + arch + " TARGETSTAGE=default",
                stages.get(0).steps().get(0).instruction());
        // TARGETOS is global, so a stage sees it only after its own ARG TARGETOS; TARGETARCH is
        // not declared in the second stage, so it is empty there, as BuildKit has it.
        assertEquals("-" + arch, configAfter(stages.get(0)).env.get("seen"));
        assertEquals("x", configAfter(stages.get(1)).env.get("later"));
        // A build argument of the same name wins over the automatic value.
        BuildStage given = new DockerfileStages(Dockerfile.parse("FROM scratch\nARG TARGETARCH\n"), "Dockerfile",
                Map.of("TARGETARCH", "riscv64"), ref -> null, "none").stages(null).get(0);
        assertEquals("ARG TARGETARCH=riscv64", given.steps().get(0).instruction());
    }
}
