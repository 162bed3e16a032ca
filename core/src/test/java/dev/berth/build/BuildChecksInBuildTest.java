package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.BuildException;
import dev.berth.ImageBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build checks that need a real base image and context (#18 item 6), in real builds: UndefinedVar
 * against the pulled base's Env, CopyIgnoredFile against the context's {@code .dockerignore}, both
 * as warnings before the first step, and failing the build with {@code # check=error=true} or the
 * {@code BUILDKIT_DOCKERFILE_CHECK} build argument.
 */
class BuildChecksInBuildTest extends BuildFixture {
    @TempDir
    Path context;

    private ImageBuilder dockerfile(String text) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), text);
        return berth.build(context);
    }

    @Test
    void undefinedVarSeesTheBaseImagesEnvAndSuggestsItsNames() throws Exception {
        Recorder recorder = new Recorder();
        dockerfile("FROM " + BUSYBOX + "\nENV PATH=$PATH:/app/bin\nENV OTHER=$PAHT\nWORKDIR /$nope\n")
                .listener(recorder).build("berth.test/undefined-var:1");
        assertEquals(List.of("0 UndefinedVar: Usage of undefined variable '$PAHT' (did you mean $PATH?) (line 3)",
                "0 UndefinedVar: Usage of undefined variable '$nope' (line 4)"), recorder.warnings);
    }

    @Test
    void copyIgnoredFileIsReportedBeforeTheCopyFails() throws Exception {
        Files.createDirectories(context.resolve("tmp"));
        Files.writeString(context.resolve("tmp/helloworld.txt"), "hi\n");
        Files.writeString(context.resolve(".dockerignore"), "tmp\n");
        Recorder recorder = new Recorder();
        assertThrows(BuildException.class, () -> dockerfile("FROM " + BUSYBOX + "\nCOPY ./tmp/helloworld.txt /helloworld.txt\n")
                .listener(recorder).build("berth.test/copy-ignored:1"));
        assertEquals(List.of("0 CopyIgnoredFile: Attempting to Copy file \"tmp/helloworld.txt\" that is excluded by"
                + " .dockerignore (line 2)"), recorder.warnings);
    }

    @Test
    void errorTrueFailsTheBuildWithTheRuleBeforeAnyStep() throws Exception {
        Recorder recorder = new Recorder();
        BuildException e = assertThrows(BuildException.class, () -> dockerfile("# check=error=true\nFROM " + BUSYBOX
                + "\nWORKDIR /$nope\nRUN true\n").listener(recorder).build("berth.test/undefined-var:2"));
        assertEquals("Dockerfile: lint violation found for rules: UndefinedVar", e.getMessage());
        assertEquals(List.of("0 UndefinedVar: Usage of undefined variable '$nope' (line 3)"), recorder.warnings);
        assertEquals(List.of(), recorder.started, "no step ran");

        Recorder byArg = new Recorder();
        BuildException arg = assertThrows(BuildException.class, () -> dockerfile("FROM " + BUSYBOX + "\nWORKDIR /$nope\n")
                .buildArg("BUILDKIT_DOCKERFILE_CHECK", "error=true").listener(byArg).build("berth.test/undefined-var:3"));
        assertEquals("Dockerfile: lint violation found for rules: UndefinedVar", arg.getMessage());

        Recorder skipped = new Recorder();
        dockerfile("# check=error=true\nFROM " + BUSYBOX + "\nWORKDIR /$nope\n")
                .buildArg("BUILDKIT_DOCKERFILE_CHECK", "skip=UndefinedVar").listener(skipped).build("berth.test/undefined-var:4");
        assertEquals(List.of(), skipped.warnings);
    }
}
