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
}
