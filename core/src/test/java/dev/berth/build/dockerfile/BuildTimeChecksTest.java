package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks of a build, which know the base images' Env and the context's {@code .dockerignore}:
 * UndefinedVar and CopyIgnoredFile with BuildKit's documented examples, exact messages and lines,
 * the stages a target needs only, and the configuration by directive or build argument. The base
 * images are given by their Env, as the builder reads it from their config.
 */
class BuildTimeChecksTest {
    /** Env of the images the Dockerfiles name, as their configs hold it. */
    private static final Map<String, List<String>> IMAGES = Map.of(
            "alpine", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            "python", List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "PYTHON_VERSION=3.12.4"));

    private static List<String> checks(String dockerfile, Map<String, String> buildArgs, String target, DockerIgnore ignore)
            throws Exception {
        Map<String, Integer> asked = new HashMap<>();
        List<BuildCheck> out = Dockerfile.parse(dockerfile).buildChecks(buildArgs, target, image -> {
            asked.merge(image, 1, Integer::sum);
            List<String> env = IMAGES.get(image);
            if (env == null) {
                throw new java.io.IOException("no image " + image);
            }
            return env;
        }, ignore);
        return out.stream().map(BuildCheck::toString).toList();
    }

    static Stream<Arguments> undefinedVariables() {
        return Stream.of(
                // docs.docker.com/reference/build-checks/undefined-var/
                Arguments.of("bad: an undefined build argument", "FROM alpine AS base\nCOPY $foo .\n",
                        List.of("UndefinedVar: Usage of undefined variable '$foo' (line 2)")),
                Arguments.of("good: the build argument declared", "FROM alpine AS base\nARG foo\nCOPY $foo .\n", List.of()),
                Arguments.of("bad: an undefined variable in an ARG default", "FROM alpine AS base\nARG VERSION=$foo\n",
                        List.of("UndefinedVar: Usage of undefined variable '$foo' (line 2)")),
                Arguments.of("good: the base image defines it", "FROM python AS base\nARG VERSION=$PYTHON_VERSION\n", List.of()),
                Arguments.of("a typo, with the suggestion", "FROM alpine\nENV PATH=$PAHT:/app/bin\n",
                        List.of("UndefinedVar: Usage of undefined variable '$PAHT' (did you mean $PATH?) (line 2)")),
                // where the builder expands and where the shell does
                Arguments.of("shell and exec forms of RUN, CMD and ENTRYPOINT are left to the shell",
                        "FROM alpine\nRUN echo $nope\nCMD [\"echo\", \"$nope\"]\nENTRYPOINT [\"$nope\"]\n", List.of()),
                Arguments.of("WORKDIR, USER, VOLUME, STOPSIGNAL, LABEL", "FROM alpine\nWORKDIR /$w\nUSER $u\nVOLUME /$v\n"
                        + "STOPSIGNAL $s\nLABEL $k=$l\n", List.of(
                        "UndefinedVar: Usage of undefined variable '$w' (line 2)",
                        "UndefinedVar: Usage of undefined variable '$u' (line 3)",
                        "UndefinedVar: Usage of undefined variable '$v' (line 4)",
                        "UndefinedVar: Usage of undefined variable '$s' (line 5)",
                        "UndefinedVar: Usage of undefined variable '$k' (line 6)",
                        "UndefinedVar: Usage of undefined variable '$l' (line 6)")),
                Arguments.of("COPY and ADD flags, sources and destination", "FROM alpine\nARG src=a\n"
                        + "COPY --chown=$owner $src /$dst/\nADD --chmod=$mode $src /x/\n", List.of(
                        "UndefinedVar: Usage of undefined variable '$owner' (line 3)",
                        "UndefinedVar: Usage of undefined variable '$dst' (line 3)",
                        "UndefinedVar: Usage of undefined variable '$mode' (line 4)")),
                Arguments.of("the pairs of one ENV do not see each other", "FROM alpine\nENV A=1 B=$A\nENV C=$A\n",
                        List.of("UndefinedVar: Usage of undefined variable '$A' (line 2)")),
                Arguments.of("a default in the substitution still names an undefined variable", "FROM alpine\nLABEL a=${nope:-x}\n",
                        List.of("UndefinedVar: Usage of undefined variable '$nope' (line 2)")),
                Arguments.of("single quotes and escapes hide nothing from BuildKit's lexer but expand nothing",
                        "FROM alpine\nLABEL a='$nope' b=\\$nope\n", List.of()),
                Arguments.of("an expanding here-document, and a quoted one", "FROM alpine\nCOPY <<EOF /x\n$nope\nEOF\n"
                        + "COPY <<'EOF' /y\n$nope\nEOF\n", List.of("UndefinedVar: Usage of undefined variable '$nope' (line 2)")),
                Arguments.of("RUN --mount options", "FROM alpine\nRUN --mount=type=cache,target=/$dir true\n",
                        List.of("UndefinedVar: Usage of undefined variable '$dir' (line 2)")),
                Arguments.of("scratch has the default PATH", "FROM scratch\nENV PATH=/x:$PATH\n", List.of()),
                Arguments.of("a stage built FROM another sees its ENV and ARGs", "FROM alpine AS a\nENV X=1\nENV Y=2\n"
                        + "FROM a\nWORKDIR /$X/$Y\n", List.of()),
                Arguments.of("a global ARG is seen only after the stage declares it", "ARG V=1\nFROM alpine\nLABEL v=$V\nARG V\n"
                        + "LABEL w=$V\n", List.of("UndefinedVar: Usage of undefined variable '$V' (line 3)")),
                Arguments.of("an ARG without a value is declared all the same", "FROM alpine\nARG NOVALUE\nLABEL v=$NOVALUE\n",
                        List.of()),
                Arguments.of("automatic platform ARGs once declared", "FROM alpine\nLABEL a=$TARGETARCH\nARG TARGETARCH\n"
                        + "LABEL b=$TARGETARCH\n", List.of("UndefinedVar: Usage of undefined variable '$TARGETARCH' (line 2)")),
                Arguments.of("EXPOSE with a variable: the expanded word is checked",
                        "FROM alpine\nENV P=80/TCP\nEXPOSE $P\n", List.of(
                        "ExposeProtoCasing: Defined protocol '80/TCP' in EXPOSE instruction should be lowercase (line 3)")),
                Arguments.of("skipped by the directive", "# check=skip=UndefinedVar\nFROM alpine\nCOPY $foo .\n", List.of()),
                Arguments.of("skipped for one instruction by its comment", "FROM alpine\n# check=skip=UndefinedVar\nCOPY $foo .\n"
                        + "COPY $bar .\n", List.of("UndefinedVar: Usage of undefined variable '$bar' (line 4)")),
                Arguments.of("only the stages the target needs", "FROM alpine AS unused\nWORKDIR /$nope\nCMD echo hi\n"
                        + "FROM alpine AS used\nENV a b\nFROM used\nWORKDIR /$also\n", List.of(
                        "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 5)",
                        "UndefinedVar: Usage of undefined variable '$also' (line 7)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undefinedVariables")
    void undefinedVar(String name, String dockerfile, List<String> expected) throws Exception {
        assertEquals(expected, checks(dockerfile, Map.of(), null, null));
    }

    @Test
    void aBuildArgDefinesTheStageArgItSets() throws Exception {
        assertEquals(List.of(), checks("FROM alpine\nARG V\nLABEL v=$V\n", Map.of("V", "1"), null, null));
        assertEquals(List.of("UndefinedVar: Usage of undefined variable '$V' (line 2)"),
                checks("FROM alpine\nLABEL v=$V\n", Map.of("V", "1"), null, null));
    }

    @Test
    void theTargetChoosesTheStagesChecked() throws Exception {
        String dockerfile = "FROM alpine AS one\nWORKDIR /$a\nFROM alpine AS two\nWORKDIR /$b\n";
        assertEquals(List.of("UndefinedVar: Usage of undefined variable '$a' (line 2)"), checks(dockerfile, Map.of(), "one", null));
        assertEquals(List.of("UndefinedVar: Usage of undefined variable '$b' (line 4)"), checks(dockerfile, Map.of(), null, null));
    }

    @Test
    void theBuildArgReplacesTheDirective() throws Exception {
        String dockerfile = "# check=skip=all;error=true\nFROM alpine\nCOPY $foo .\nCMD echo\n";
        assertEquals(List.of(), checks(dockerfile, Map.of(), null, null));
        Map<String, String> arg = Map.of(CheckDirective.BUILD_ARG, "skip=JSONArgsRecommended");
        assertEquals(List.of("UndefinedVar: Usage of undefined variable '$foo' (line 3)"), checks(dockerfile, arg, null, null));
        assertEquals(false, Dockerfile.parse(dockerfile).checkConfig(arg).error());
        assertEquals(true, Dockerfile.parse(dockerfile).checkConfig(Map.of()).error());
        DockerfileException bad = assertThrows(DockerfileException.class,
                () -> Dockerfile.parse(dockerfile).checkConfig(Map.of(CheckDirective.BUILD_ARG, "nonsense")));
        assertEquals("failed to parse BUILDKIT_DOCKERFILE_CHECK: failed to parse check options: invalid check option"
                + " \"nonsense\"", bad.getMessage());
    }

    static Stream<Arguments> ignoredFiles() {
        return Stream.of(
                Arguments.of("a file of an ignored directory", "tmp\n", "FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\n",
                        List.of("CopyIgnoredFile: Attempting to Copy file \"tmp/helloworld.txt\" that is excluded by .dockerignore"
                                + " (line 2)")),
                Arguments.of("docs good: a file not excluded", "*/tmp/*\n",
                        "FROM scratch\nCOPY ./forever/helloworld.txt /helloworld.txt\n", List.of()),
                Arguments.of("docs pattern */tmp/*", "*/tmp/*\n", "FROM scratch\nCOPY app/tmp/x /x\n",
                        List.of("CopyIgnoredFile: Attempting to Copy file \"app/tmp/x\" that is excluded by .dockerignore (line 2)")),
                Arguments.of("ADD says Add", "*.log\n", "FROM scratch\nADD debug.log /\n",
                        List.of("CopyIgnoredFile: Attempting to Add file \"debug.log\" that is excluded by .dockerignore (line 2)")),
                Arguments.of("the context root, when everything is ignored", "*\n", "FROM scratch\nCOPY . /app/\n",
                        List.of("CopyIgnoredFile: Attempting to Copy file \".\" that is excluded by .dockerignore (line 2)")),
                Arguments.of("the context root otherwise", "tmp\n", "FROM scratch\nCOPY . /app/\n", List.of()),
                Arguments.of("exceptions turn the check off", "tmp\n!tmp/keep\n", "FROM scratch\nCOPY tmp/x /x\n", List.of()),
                Arguments.of("COPY --from is not from the context", "tmp\n", "FROM scratch AS a\nFROM scratch\n"
                        + "COPY --from=a tmp/x /x\n", List.of()),
                Arguments.of("an ADD of a URL is not from the context", "*\n", "FROM scratch\nADD https://example.com/tmp /x\n",
                        List.of()),
                Arguments.of("skipped by the directive", "tmp\n", "# check=skip=CopyIgnoredFile\nFROM scratch\nCOPY tmp/x /x\n",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredFiles")
    void copyIgnoredFile(String name, String dockerignore, String dockerfile, List<String> expected) throws Exception {
        assertEquals(expected, checks(dockerfile, Map.of(), null, DockerIgnore.parse(dockerignore)));
    }
}
