package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BuildKit's build checks on the parse result: each Dockerfile with the warnings {@code docker build}
 * prints for it, by rule name, message and line
 * (<a href="https://docs.docker.com/reference/build-checks/">Build checks</a>).
 */
class BuildChecksTest {
    static Stream<Arguments> dockerfiles() {
        return Stream.of(
                Arguments.of("clean", "FROM alpine AS build\nENV A=1\nCMD [\"sh\"]\n", List.of()),
                Arguments.of("empty continuation", "FROM alpine\nRUN echo a \\\n\n    b\n",
                        List.of("NoEmptyContinuation: Empty continuation line (line 2)")),
                Arguments.of("a comment in a continuation is no empty line", "FROM alpine\nRUN echo a \\\n# c\n    b\n",
                        List.of()),
                Arguments.of("legacy ENV and LABEL", "FROM alpine\nENV name value\nLABEL a b\nENV ok=1 two=2\n", List.of(
                        "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 2)",
                        "LegacyKeyValueFormat: \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format (line 3)")),
                Arguments.of("FROM ... as", "FROM alpine as build\nfrom alpine AS other\nFROM alpine AS last\n", List.of(
                        "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                        "ConsistentInstructionCasing: Command 'from' should match the case of the command majority (uppercase) (line 2)",
                        "FromAsCasing: 'AS' and 'from' keywords' casing do not match (line 2)")),
                Arguments.of("stage name casing", "FROM alpine AS Build\n",
                        List.of("StageNameCasing: Stage name 'Build' should be lowercase (line 1)")),
                Arguments.of("reserved stage name", "FROM alpine AS context\n",
                        List.of("ReservedStageName: Stage name should not use the same name as reserved stage \"context\" (line 1)")),
                Arguments.of("shell-form CMD and ENTRYPOINT", "FROM alpine\nENTRYPOINT my-program start\nCMD echo hi\n", List.of(
                        "JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals (line 2)",
                        "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 3)")),
                Arguments.of("an explicit SHELL silences JSONArgsRecommended, also in a stage built on it",
                        "FROM alpine AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nCMD echo hi\n", List.of()),
                Arguments.of("maintainer", "FROM alpine\nMAINTAINER me <me@example.com>\n",
                        List.of("MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 2)")),
                Arguments.of("undefined ARG in FROM, with a suggestion", "ARG VERSION=1\nFROM alpine:${version}\nFROM busybox:$TAG\n"
                        + "FROM --platform=$BUILDPLATFORM alpine\n", List.of(
                        "UndefinedArgInFrom: FROM argument 'version' is not declared (did you mean VERSION?) (line 2)",
                        "UndefinedArgInFrom: FROM argument 'TAG' is not declared (line 3)")),
                Arguments.of("ARG without a default in FROM", "ARG IMAGE\nFROM ${IMAGE}\n", List.of(
                        "InvalidDefaultArgInFrom: Default value for ARG ${IMAGE} results in empty or invalid base image name (line 2)")),
                Arguments.of("redundant platform", "FROM --platform=$TARGETPLATFORM alpine\n", List.of(
                        "RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior (line 1)")),
                Arguments.of("multiple CMD", "FROM alpine\nCMD [\"a\"]\nCMD [\"b\"]\nHEALTHCHECK NONE\n", List.of(
                        "MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used (line 2)")),
                Arguments.of("relative WORKDIR", "FROM alpine\nWORKDIR app\nWORKDIR /srv\nWORKDIR data\n", List.of(
                        "WorkdirRelativePath: Relative workdir \"app\" can have unexpected results if the base image changes (line 2)")),
                Arguments.of("EXPOSE protocol casing", "FROM alpine\nEXPOSE 80/TCP 53/udp\n",
                        List.of("ExposeProtoCasing: Defined protocol '80/TCP' in EXPOSE instruction should be lowercase (line 2)")),
                Arguments.of("secrets in ARG and ENV", "FROM alpine\nARG AWS_SECRET_ACCESS_KEY\nENV GITHUB_TOKEN=x PUBLIC_KEY=y KEYS=z\n",
                        List.of("SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"AWS_SECRET_ACCESS_KEY\") (line 2)",
                                "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"GITHUB_TOKEN\") (line 3)")),
                Arguments.of("# check=skip leaves rules out", "# check=skip=JSONArgsRecommended,MaintainerDeprecated\nFROM alpine\n"
                        + "CMD echo hi\nMAINTAINER me\nENV a b\n", List.of(
                        "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 5)")),
                Arguments.of("# check=skip=all", "# check=skip=all\nFROM alpine as x\nCMD echo hi\n", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void warningsAsDockerBuildPrintsThem(String name, String dockerfile, List<String> expected) {
        assertEquals(expected, Dockerfile.parse(dockerfile).checks().stream().map(BuildCheck::toString).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directives")
    void theCheckDirective(String value, CheckDirective expected) {
        assertEquals(expected, CheckDirective.parse(value));
    }

    static Stream<Arguments> directives() {
        return Stream.of(
                Arguments.of(null, new CheckDirective(java.util.Set.of(), false)),
                Arguments.of("skip=A,B", new CheckDirective(java.util.Set.of("A", "B"), false)),
                Arguments.of("skip=A;error=true", new CheckDirective(java.util.Set.of("A"), true)),
                Arguments.of("error=false", new CheckDirective(java.util.Set.of(), false)));
    }
}
