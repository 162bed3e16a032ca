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
                        List.of("NoEmptyContinuation: Empty continuation line (line 4)")),
                Arguments.of("NoEmptyContinuation bad: at the instruction's last line, as BuildKit's parser locates it",
                        "FROM alpine\nEXPOSE \\\n\n80\n", List.of("NoEmptyContinuation: Empty continuation line (line 4)")),
                Arguments.of("NoEmptyContinuation good: comments do not count", "FROM alpine\nEXPOSE \\\n# Port\n80\n", List.of()),
                Arguments.of("NoEmptyContinuation over several lines", "FROM alpine\nRUN a \\\n\n\n  b \\\n  c\nRUN d\n",
                        List.of("NoEmptyContinuation: Empty continuation line (line 6)")),
                Arguments.of("a comment in a continuation is no empty line", "FROM alpine\nRUN echo a \\\n# c\n    b\n",
                        List.of()),
                Arguments.of("legacy ENV and LABEL", "FROM alpine\nENV name value\nLABEL a b\nENV ok=1 two=2\n", List.of(
                        "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 2)",
                        "LegacyKeyValueFormat: \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format (line 3)")),
                Arguments.of("FROM ... as", "FROM alpine as build\nfrom alpine AS other\nFROM alpine AS last\n", List.of(
                        "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                        "FromAsCasing: 'AS' and 'from' keywords' casing do not match (line 2)",
                        "ConsistentInstructionCasing: Command 'from' should match the case of the command majority (uppercase) (line 2)")),
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
                Arguments.of("undefined ARG in FROM, with a suggestion (case counts, as in BuildKit)",
                        "ARG VERSION=1\nFROM alpine:${VERSON}\nFROM busybox:${version:-1}\nFROM --platform=$BUILDPLATFORM alpine\n", List.of(
                        "InvalidDefaultArgInFrom: Default value for ARG alpine:${VERSON} results in empty or invalid base image name (line 2)",
                        "UndefinedArgInFrom: FROM argument 'VERSON' is not declared (did you mean VERSION?) (line 2)",
                        "UndefinedArgInFrom: FROM argument 'version' is not declared (line 3)")),
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
                Arguments.of("# check=skip=all", "# check=skip=all\nFROM alpine as x\nCMD echo hi\n", List.of()),
                // BuildKit's documented examples (docs.docker.com/reference/build-checks/), bad then good
                Arguments.of("DuplicateStageName bad", "FROM debian:latest AS builder\nRUN apt-get update; apt-get install -y curl\n"
                        + "FROM golang:latest AS builder\n", List.of(
                        "DuplicateStageName: Duplicate stage name \"builder\", stage names should be unique (line 3)")),
                Arguments.of("DuplicateStageName good", "FROM debian:latest AS deb-builder\n"
                        + "RUN apt-get update; apt-get install -y curl\nFROM golang:latest AS go-builder\n", List.of()),
                Arguments.of("ExposeInvalidFormat bad: address and host port", "FROM alpine\nEXPOSE 127.0.0.1:80:80\n", List.of(
                        "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found"
                                + " '127.0.0.1:80:80' (line 2)")),
                Arguments.of("ExposeInvalidFormat bad: host port", "FROM alpine\nEXPOSE 80:80\n", List.of(
                        "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found"
                                + " '80:80' (line 2)")),
                Arguments.of("ExposeInvalidFormat good", "FROM alpine\nEXPOSE 80\n", List.of()),
                Arguments.of("ExposeInvalidFormat and ExposeProtoCasing on one word", "FROM alpine\nEXPOSE 8080:80/TCP\n", List.of(
                        "ExposeProtoCasing: Defined protocol '8080:80/TCP' in EXPOSE instruction should be lowercase (line 2)",
                        "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found"
                                + " '8080:80/TCP' (line 2)")),
                Arguments.of("FromPlatformFlagConstDisallowed bad", "FROM --platform=linux/amd64 alpine AS base\n"
                        + "RUN apk add --no-cache git\n", List.of(
                        "FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value \"linux/amd64\" (line 1)")),
                Arguments.of("FromPlatformFlagConstDisallowed good: default platform", "FROM alpine AS base\n"
                        + "RUN apk add --no-cache git\n", List.of()),
                Arguments.of("FromPlatformFlagConstDisallowed good: a meta variable", "FROM --platform=${BUILDPLATFORM} alpine AS base\n"
                        + "RUN apk add --no-cache git\n", List.of()),
                Arguments.of("FromPlatformFlagConstDisallowed good: the stage name has the architecture",
                        "FROM --platform=linux/amd64 alpine AS build_amd64\nRUN true\nFROM --platform=linux/arm64 alpine AS build_arm64\n"
                        + "RUN true\nFROM build_${TARGETARCH} AS build\nRUN true\n", List.of()),
                Arguments.of("FromPlatformFlagConstDisallowed: an unnamed stage, architecture normalised",
                        "FROM --platform=linux/x86_64 alpine\n", List.of(
                        "FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value \"linux/x86_64\" (line 1)")),
                Arguments.of("RedundantTargetPlatform bad", "FROM --platform=$TARGETPLATFORM alpine AS builder\n"
                        + "RUN apk add --no-cache git\n", List.of(
                        "RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is"
                                + " the default behavior (line 1)")),
                Arguments.of("RedundantTargetPlatform good", "FROM alpine AS builder\nRUN apk add --no-cache git\n", List.of()),
                Arguments.of("UndefinedArgInFrom bad", "FROM node:22${VARIANT} AS jsbuilder\n", List.of(
                        "UndefinedArgInFrom: FROM argument 'VARIANT' is not declared (line 1)")),
                Arguments.of("UndefinedArgInFrom good", "ARG VARIANT=\"-alpine3.20\"\nFROM node:22${VARIANT} AS jsbuilder\n",
                        List.of()),
                Arguments.of("InvalidDefaultArgInFrom bad", "ARG TAG\nFROM busybox:${TAG}\n", List.of(
                        "InvalidDefaultArgInFrom: Default value for ARG busybox:${TAG} results in empty or invalid base image"
                                + " name (line 2)")),
                Arguments.of("InvalidDefaultArgInFrom good: a default", "ARG TAG=latest\nFROM busybox:${TAG}\n", List.of()),
                Arguments.of("InvalidDefaultArgInFrom good: valid when empty", "ARG VARIANT\nFROM busybox:stable${VARIANT}\n",
                        List.of()),
                Arguments.of("InvalidDefaultArgInFrom good: a default in the substitution", "ARG TAG\nFROM alpine:${TAG:-3.14}\n",
                        List.of()),
                Arguments.of("SecretsUsedInArgOrEnv bad", "FROM alpine\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\n"
                        + "RUN aws s3 cp s3://my-bucket/file .\n", List.of(
                        "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"AWS_ACCESS_KEY_ID\") (line 2)",
                        "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"AWS_SECRET_ACCESS_KEY\") (line 3)")),
                Arguments.of("SecretsUsedInArgOrEnv good: secret mounts", "FROM alpine\n"
                        + "RUN --mount=type=secret,id=aws_key_id,env=AWS_ACCESS_KEY_ID \\\n"
                        + "    --mount=type=secret,id=aws_secret_key,env=AWS_SECRET_ACCESS_KEY \\\n"
                        + "    aws s3 cp s3://my-bucket/file .\n", List.of()),
                Arguments.of("SecretsUsedInArgOrEnv: public, file and version are allowed", "FROM alpine\n"
                        + "ARG PUBLIC_KEY\nENV SECRET_FILE=/run/s TOKEN_VERSION=2\n", List.of()),
                Arguments.of("InvalidDefinitionDescription is experimental: off by default",
                        "# a non-descriptive comment\nFROM scratch AS base\n# another non-descriptive comment\nARG VERSION=1\n",
                        List.of()),
                Arguments.of("InvalidDefinitionDescription bad", "# check=experimental=InvalidDefinitionDescription\n"
                        + "# a non-descriptive comment\nFROM scratch AS base\n# another non-descriptive comment\nARG VERSION=1\n",
                        List.of("InvalidDefinitionDescription: Comment for FROM should follow the format: `# base <description>` (line 3)",
                                "InvalidDefinitionDescription: Comment for ARG should follow the format: `# VERSION <description>` (line 5)")),
                Arguments.of("InvalidDefinitionDescription good", "# check=experimental=all\n"
                        + "# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\n"
                        + "ARG VERSION=1\n", List.of()),
                Arguments.of("InvalidDefinitionDescription: an empty # ends the comment; several ARGs", "# check=experimental=all\n"
                        + "# a note\n#\nFROM scratch AS base\n# what these are\nARG A B=1\n", List.of(
                        "InvalidDefinitionDescription: Comment for ARG should follow the format: `# <arg_key> <description>` (line 6)")),
                Arguments.of("a # check= comment above an instruction skips rules for it only", "FROM alpine\n"
                        + "# check=skip=JSONArgsRecommended\nCMD echo hi\nCMD echo again\n", List.of(
                        "MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because"
                                + " only the last one will be used (line 3)",
                        "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS"
                                + " signals (line 4)")),
                Arguments.of("MultipleInstructionsDisallowed follows the later instruction's comment", "FROM alpine\n"
                        + "CMD [\"a\"]\n# check=skip=MultipleInstructionsDisallowed\nCMD [\"b\"]\n", List.of()),
                Arguments.of("an invalid # check= comment changes nothing", "FROM alpine\n# check=bogus\nCMD echo\n", List.of(
                        "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS"
                                + " signals (line 3)")),
                Arguments.of("whole-file rules ignore an instruction's comment", "FROM alpine\n"
                        + "# check=skip=ConsistentInstructionCasing\nrun true\n", List.of(
                        "ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase) (line 3)")),
                Arguments.of("skip=all leaves experimental rules on when named", "# check=skip=all;experimental=all\n"
                        + "# x\nARG A\nFROM scratch\nCMD x\n", List.of(
                        "InvalidDefinitionDescription: Comment for ARG should follow the format: `# A <description>` (line 3)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void warningsAsDockerBuildPrintsThem(String name, String dockerfile, List<String> expected) {
        assertEquals(expected, Dockerfile.parse(dockerfile).checks().stream().map(BuildCheck::toString).toList());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("directives")
    void theCheckDirective(String value, CheckDirective expected) {
        assertEquals(expected, CheckDirective.parse(value));
    }

    static Stream<Arguments> directives() {
        return Stream.of(
                Arguments.of(null, new CheckDirective(java.util.Set.of(), false)),
                Arguments.of("skip=A,B", new CheckDirective(java.util.Set.of("A", "B"), false)),
                Arguments.of("skip=A;error=true", new CheckDirective(java.util.Set.of("A"), true)),
                Arguments.of("error=false", new CheckDirective(java.util.Set.of(), false)),
                Arguments.of(" skip = A , B ; error = 1 ", new CheckDirective(java.util.Set.of("A", "B"), true)),
                Arguments.of("experimental=all;skip=all", new CheckDirective(java.util.Set.of("all"), false,
                        java.util.Set.of("all"))),
                Arguments.of("", new CheckDirective(java.util.Set.of(), false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDirectives")
    void anInvalidCheckDirectiveFailsAsBuildKitSays(String value, String message) {
        assertEquals(message, org.junit.jupiter.api.Assertions.assertThrows(DockerfileException.class,
                () -> CheckDirective.parse(value)).getMessage());
        String parsed = org.junit.jupiter.api.Assertions.assertThrows(DockerfileException.class,
                () -> Dockerfile.parse("# check=" + value + "\nFROM alpine\n")).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(parsed.endsWith(message), parsed);
    }

    static Stream<Arguments> invalidDirectives() {
        return Stream.of(
                Arguments.of("skip", "failed to parse check options: invalid check option \"skip\""),
                Arguments.of("warn=true", "failed to parse check options: invalid check option \"warn\""),
                Arguments.of("error=maybe", "failed to parse check options: failed to parse check option \"error=maybe\":"
                        + " strconv.ParseBool: parsing \"maybe\": invalid syntax"));
    }
}
