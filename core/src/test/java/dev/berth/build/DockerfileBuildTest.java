package dev.berth.build;

import dev.berth.BerthInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.BuildException;
import dev.berth.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images built from Dockerfiles (the parser's stages through the frontend), run in Berth. */
class DockerfileBuildTest extends BuildFixture {
    @TempDir
    Path context;

    private Image build(String dockerfile, String tag, String... buildArgs) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        var b = berth.build(context);
        for (int i = 0; i < buildArgs.length; i += 2) {
            b.buildArg(buildArgs[i], buildArgs[i + 1]);
        }
        return b.build(tag);
    }

    @Test
    void multiStageDockerfileWithArgsEnvHeredocsCacheMountAndDockerignore() throws Exception {
        Files.writeString(context.resolve("app.txt"), "app content\n");
        Files.writeString(context.resolve("secret.txt"), "must not be copied\n");
        Files.writeString(context.resolve(".dockerignore"), "secret.txt\n");
        Image image = build("""
                ARG BASE=%s
                FROM $BASE AS build
                ARG BASE
                ARG VERSION=1.0
                USER root
                ENV OUT=/out DIR=dist
                WORKDIR $OUT/$DIR
                RUN --mount=type=cache,target=/var/cache/build echo cached >> /var/cache/build/log && \\
                    echo "version $VERSION from ${BASE%%:*}" > version.txt
                RUN <<EOF
                set -e
                echo "heredoc script" > /out/dist/heredoc.txt
                EOF
                COPY . /out/dist/context/

                FROM %s
                USER root
                COPY --from=build /out/dist /app
                COPY <<-EOF /app/inline.txt
                	inline $HOSTNAME_UNSET done
                	EOF
                ENTRYPOINT ["sh", "-c"]
                CMD ["cat /app/version.txt /app/heredoc.txt /app/context/app.txt /app/inline.txt; ls /app/context"]
                """.formatted(BUSYBOX, BUSYBOX), "berth.test/dockerfile:1", "VERSION", "2.5");
        try (var c = berth.container(image).start()) {
            c.waitFor(java.time.Duration.ofSeconds(20));
            assertEquals("version 2.5 from berth.test/busybox\nheredoc script\napp content\ninline  done\n"
                    + "Dockerfile\napp.txt\n", c.logs());
        }
        assertEquals(List.of("sh", "-c"), image.entrypoint());
        assertEquals("/srv/app", image.workingDir().orElseThrow(), "the final stage keeps its base's WORKDIR");
    }

    @Test
    void onbuildTriggersOfTheBaseRunInTheStageBuiltOnIt() throws Exception {
        build("FROM " + BUSYBOX + "\nUSER root\nONBUILD RUN echo triggered > /triggered\n", "berth.test/onbuild-base:1");
        Image child = build("FROM berth.test/onbuild-base:1\nRUN cat /triggered > /seen\n", "berth.test/onbuild-child:1");
        assertEquals("triggered\n", runIn(child, "cat", "/seen"));
        assertTrue(BerthInternals.store(berth).inspect(child.digest()).config().value().config().onBuild() == null,
                "triggers are not inherited further");
    }

    @Test
    void aStepErrorNamesTheDockerfileLine() throws Exception {
        BuildException e = assertThrows(BuildException.class,
                () -> build("FROM " + BUSYBOX + "\nENV A=1\nCOPY app.jar /app/\n", "berth.test/bad:1"));
        assertEquals("step 3/3 COPY app.jar /app/ (Dockerfile:3): no such file in context: app.jar", e.getMessage());
    }

    @Test
    void aRunThatReadsTheContextThroughABindMountIsRebuiltWhenTheFileChanges() throws Exception {
        String dockerfile = "FROM " + BUSYBOX + "\nUSER root\n"
                + "RUN --mount=type=bind,source=input.txt,target=/mnt/input.txt cat /mnt/input.txt > /out\n";
        Files.writeString(context.resolve("input.txt"), "first\n");
        assertEquals("first\n", runIn(build(dockerfile, "berth.test/bind:1"), "cat", "/out"));
        Files.writeString(context.resolve("input.txt"), "second\n");
        Image changed = build(dockerfile, "berth.test/bind:1");
        assertEquals("second\n", runIn(changed, "cat", "/out"));
        assertEquals("", runIn(changed, "sh", "-c", "test -e /mnt/input.txt || echo -n"), "the mount point is not in the layer");
    }

    @Test
    void aHeredocScriptWithAShebangRunsAsAFileWithItsInterpreter() throws Exception {
        Image image = build("FROM " + BUSYBOX + "\nUSER root\nRUN <<EOF\n#!/bin/sh -e\necho \"ran as $0\" > /shebang\nEOF\n",
                "berth.test/shebang:1");
        assertEquals("ran as /dev/pipes/EOF\n", runIn(image, "cat", "/shebang"));
    }

    @Test
    void stagesTheTargetDoesNotNeedAreNeitherBuiltNorResolved() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM localhost/no-such-image:1 AS unused\nRUN exit 1\n"
                + "FROM " + BUSYBOX + " AS base\nUSER root\nRUN echo base > /base\n"
                + "FROM base AS target\nRUN cat /base > /target\n"
                + "FROM base AS after\nRUN exit 1\n");
        Image image = berth.build(context).target("target").build("berth.test/target:1");
        assertEquals("base\n", runIn(image, "cat", "/target"));
    }
}
