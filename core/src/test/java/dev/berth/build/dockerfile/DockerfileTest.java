package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.build.dockerfile.Instruction.ArgDefinition;
import dev.berth.build.dockerfile.Instruction.KeyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileTest {
    private static Instruction only(String instructionLines) {
        Dockerfile df = Dockerfile.parse("FROM x\n" + instructionLines);
        List<Instruction> instructions = df.stages().get(0).instructions();
        assertEquals(1, instructions.size(), instructions.toString());
        return instructions.get(0);
    }

    private static DockerfileException fails(String text) {
        return assertThrows(DockerfileException.class, () -> Dockerfile.parse(text));
    }

    @Test
    void stagesWithNamesPlatformsAndLines() {
        Dockerfile df = Dockerfile.parse("ARG BASE=alpine\nFROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n"
                + "RUN go build\n\nFROM ${BASE}:3.20\nCOPY --from=build /out /app\n");
        assertEquals(2, df.stages().size());
        Stage build = df.stages().get(0);
        assertEquals(Optional.of("build"), build.name());
        assertEquals("golang:1.22", build.base());
        assertEquals(Optional.of("$BUILDPLATFORM"), build.platform());
        assertEquals(2, build.line());
        assertEquals(1, build.instructions().size());
        Stage last = df.stages().get(1);
        assertEquals(Optional.empty(), last.name());
        assertEquals("1", last.reference());
        assertEquals(5, last.line());
        assertEquals("alpine:3.20", df.resolveBase(last, Map.of()));
        assertEquals("debian:3.20", df.resolveBase(last, Map.of("BASE", "debian")));
        assertEquals(Optional.of(build), df.stage("BUILD"));
        assertEquals(Optional.of("linux/arm64"), df.resolvePlatform(build, Map.of("BUILDPLATFORM", "linux/arm64")));
        assertEquals(Optional.empty(), df.resolvePlatform(last, Map.of()));
        Dockerfile needsImage = Dockerfile.parse("\nFROM ${IMAGE:?required}\n");
        DockerfileException unset = assertThrows(DockerfileException.class,
                () -> needsImage.resolveBase(needsImage.stages().get(0), Map.of()));
        assertEquals(2, unset.line());
        assertTrue(unset.getMessage().contains("IMAGE: required"), unset.getMessage());
    }

    @Test
    void globalArgsAreScopedBeforeTheFirstFrom() {
        Dockerfile df = Dockerfile.parse("ARG A=1\nARG B=${A}2 C\nFROM x\nARG A\nARG D=4\n");
        assertEquals(2, df.globalArgs().size());
        assertEquals(List.of(new ArgDefinition("B", Optional.of("${A}2")), new ArgDefinition("C", Optional.empty())),
                df.globalArgs().get(1).args());
        assertEquals(Map.of("A", "1", "B", "12"), df.globalArgValues(Map.of()));
        assertEquals(Map.of("A", "9", "B", "92", "C", "c"), df.globalArgValues(Map.of("A", "9", "C", "c")));
        List<Instruction> inStage = df.stages().get(0).instructions();
        assertEquals(new Instruction.Arg(4, List.of(new ArgDefinition("A", Optional.empty()))), inStage.get(0));
    }

    @Test
    void runWithMountsNetworkSecurityAndHeredoc() {
        Instruction.Run run = (Instruction.Run) only("RUN --mount=type=cache,target=/root/.cache,id=go,sharing=locked"
                + " --mount=type=bind,from=src,source=/s,target=/t,rw --mount=type=secret,id=tok,required"
                + " --network=none --security=insecure <<EOF\nmake\nEOF\n");
        assertTrue(run.shellForm());
        assertEquals(List.of("<<EOF"), run.command());
        assertEquals(Optional.of("none"), run.network());
        assertEquals(Optional.of("insecure"), run.security());
        assertEquals("make\n", run.heredocs().get(0).content());
        RunMount cache = run.mounts().get(0);
        assertEquals("cache", cache.type());
        assertEquals(Optional.of("/root/.cache"), cache.target());
        assertEquals(Optional.of("locked"), cache.sharing());
        assertFalse(cache.readOnly());
        RunMount bind = run.mounts().get(1);
        assertEquals(Optional.of("src"), bind.from());
        assertFalse(bind.readOnly());
        RunMount secret = run.mounts().get(2);
        assertTrue(secret.required());
        assertTrue(secret.readOnly());
        RunMount defaults = ((Instruction.Run) only("RUN --mount=target=/x true\n")).mounts().get(0);
        assertEquals("bind", defaults.type());
        assertTrue(defaults.readOnly());
    }

    @Test
    void execAndShellForms() {
        assertEquals(new Instruction.Cmd(2, List.of("nginx", "-g", "daemon off;"), false),
                only("CMD [\"nginx\", \"-g\", \"daemon off;\"]\n"));
        assertEquals(new Instruction.Entrypoint(2, List.of("/entry.sh run"), true), only("ENTRYPOINT /entry.sh run\n"));
        assertEquals(new Instruction.Cmd(2, List.of(), false), only("CMD []\n"));
        // as in BuildKit, a bare shell form is one empty command string
        assertEquals(new Instruction.Cmd(2, List.of(""), true), only("CMD\n"));
        assertEquals(new Instruction.Shell(2, List.of("/bin/bash", "-c")), only("SHELL [\"/bin/bash\", \"-c\"]\n"));
        Instruction.Run exec = (Instruction.Run) only("RUN [\"apk\", \"add\", \"curl\"]\n");
        assertFalse(exec.shellForm());
        assertEquals(List.of("apk", "add", "curl"), exec.command());
    }

    @Test
    void envLabelAndMetadataInstructions() {
        assertEquals(new Instruction.Env(2, List.of(new KeyValue("A", "1"), new KeyValue("B", "\"x y\"")), false),
                only("ENV A=1 B=\"x y\"\n"));
        assertEquals(new Instruction.Env(2, List.of(new KeyValue("PATH", "/opt/bin:$PATH")), true),
                only("ENV PATH /opt/bin:$PATH\n"));
        assertEquals(new Instruction.Label(2, List.of(new KeyValue("org.opencontainers.image.title", "app"))),
                only("LABEL org.opencontainers.image.title=app\n"));
        assertEquals(new Instruction.User(2, "1000:1000"), only("USER 1000:1000\n"));
        assertEquals(new Instruction.Workdir(2, "/srv/app"), only("WORKDIR /srv/app\n"));
        assertEquals(new Instruction.StopSignal(2, "SIGQUIT"), only("STOPSIGNAL SIGQUIT\n"));
        assertEquals(new Instruction.Maintainer(2, "Jane <j@x.org>"), only("MAINTAINER Jane <j@x.org>\n"));
        assertEquals(new Instruction.Volume(2, List.of("/data", "/logs")), only("VOLUME [\"/data\", \"/logs\"]\n"));
        assertEquals(new Instruction.Volume(2, List.of("/a", "/b")), only("VOLUME /a /b\n"));
    }

    @Test
    void exposeParsesPortsProtocolsAndRanges() {
        Instruction.Expose expose = (Instruction.Expose) only("EXPOSE 80 443/tcp 53/UDP 8000-8010/udp $EXTRA\n");
        assertEquals(List.of("80", "443/tcp", "53/UDP", "8000-8010/udp", "$EXTRA"), expose.ports());
        assertEquals(List.of(new Instruction.ExposedPort(80, 80, "tcp"), new Instruction.ExposedPort(443, 443, "tcp"),
                new Instruction.ExposedPort(53, 53, "udp"), new Instruction.ExposedPort(8000, 8010, "udp"),
                new Instruction.ExposedPort(9000, 9000, "tcp"), new Instruction.ExposedPort(9001, 9001, "sctp")),
                expose.exposedPorts(Map.of("EXTRA", "9000 9001/sctp")));
        DockerfileException bad = assertThrows(DockerfileException.class,
                () -> ((Instruction.Expose) only("EXPOSE 80/icmp\n")).exposedPorts(Map.of()));
        assertEquals(2, bad.line());
        assertThrows(DockerfileException.class, () -> ((Instruction.Expose) only("EXPOSE 70000\n")).exposedPorts(Map.of()));
        // As BuildKit: an address and host port are accepted (ExposeInvalidFormat warns) and the container port exposed.
        assertEquals(List.of(new Instruction.ExposedPort(80, 80, "udp"), new Instruction.ExposedPort(80, 80, "tcp"),
                new Instruction.ExposedPort(443, 443, "tcp")),
                ((Instruction.Expose) only("EXPOSE 127.0.0.1:8080:80/udp 8080:80 [::1]:443:443\n")).exposedPorts(Map.of()));
    }

    @Test
    void copyAndAddFlagsAndInlineSources() {
        Instruction.Copy copy = (Instruction.Copy) only("COPY --from=build --chown=app:app --chmod=0755 --link"
                + " --parents --exclude=*.md --exclude=tmp a b /dst/\n");
        assertEquals(List.of("a", "b"), copy.sources());
        assertEquals("/dst/", copy.destination());
        assertEquals(Optional.of("build"), copy.from());
        assertEquals(Optional.of("app:app"), copy.chown());
        assertEquals(Optional.of("0755"), copy.chmod());
        assertTrue(copy.link());
        assertTrue(copy.parents());
        assertEquals(List.of("*.md", "tmp"), copy.excludes());

        Instruction.Copy inline = (Instruction.Copy) only("COPY <<-EOF /etc/motd\n\thello\nEOF\n");
        assertEquals(List.of(), inline.sources());
        assertEquals("hello\n", inline.inlineSources().get(0).chompedContent());

        Instruction.Add add = (Instruction.Add) only("ADD --checksum=sha256:abc --keep-git-dir=true --link=false"
                + " https://example.com/a.tgz /opt/\n");
        assertEquals(Optional.of("sha256:abc"), add.checksum());
        assertTrue(add.keepGitDir());
        assertFalse(add.link());
        assertEquals(List.of("https://example.com/a.tgz"), add.sources());
    }

    @Test
    void healthcheckDurationsAndNone() {
        Instruction.Healthcheck hc = (Instruction.Healthcheck) only("HEALTHCHECK --interval=30s --timeout=1m30s"
                + " --start-period=1.5s --start-interval=500ms --retries=3 CMD curl -f http://localhost/\n");
        assertEquals(List.of("CMD-SHELL", "curl -f http://localhost/"), hc.test());
        assertEquals(Duration.ofSeconds(30), hc.interval());
        assertEquals(Duration.ofSeconds(90), hc.timeout());
        assertEquals(Duration.ofMillis(1500), hc.startPeriod());
        assertEquals(Duration.ofMillis(500), hc.startInterval());
        assertEquals(3, hc.retries());
        Instruction.Healthcheck exec = (Instruction.Healthcheck) only("HEALTHCHECK CMD [\"/bin/check\", \"-q\"]\n");
        assertEquals(List.of("CMD", "/bin/check", "-q"), exec.test());
        Instruction.Healthcheck none = (Instruction.Healthcheck) only("healthcheck none\n");
        assertTrue(none.none());
        assertEquals(List.of("NONE"), none.test());
    }

    @Test
    void onbuildWrapsATypedTrigger() {
        Instruction.Onbuild onbuild = (Instruction.Onbuild) only("ONBUILD COPY . /app/src\n");
        assertEquals("COPY . /app/src", onbuild.expression());
        assertEquals(List.of("."), ((Instruction.Copy) onbuild.trigger().orElseThrow()).sources());
        assertEquals(2, onbuild.trigger().orElseThrow().line());
        // like Docker, an invalid trigger is kept as text and only fails where it fires
        Instruction.Onbuild later = (Instruction.Onbuild) only("ONBUILD RUNN make\n");
        assertEquals("RUNN make", later.expression());
        assertEquals(Optional.empty(), later.trigger());
    }

    @Test
    void refusesWhatDockerRefusesNamingTheLine() {
        assertEquals("Dockerfile line 3: unknown instruction: RUNN (did you mean RUN?)",
                fails("FROM x\n\nRUNN make\n").getMessage());
        assertEquals("Dockerfile line 2: unknown instruction: FROBNICATE", fails("FROM x\nfrobnicate\n").getMessage());
        // "<<- EOF" is no heredoc opener in BuildKit either: the body is read as instructions
        assertEquals("Dockerfile line 3: unknown instruction: ECHO", fails("FROM x\nRUN cat <<- EOF\necho hi\nEOF\n").getMessage());
        assertTrue(fails("RUN make\nFROM x\n").getMessage().startsWith("Dockerfile line 1: no build stage"));
        assertEquals(2, fails("ARG A\nENV B=1\n").line());
        assertTrue(fails("ARG A\n").getMessage().contains("no FROM"));
        assertEquals("Dockerfile line 1: FROM requires an image (FROM [--platform=<platform>] <image> [AS <name>])",
                fails("FROM\n").getMessage());
        assertTrue(fails("FROM a b\n").getMessage().contains("FROM requires either one or three arguments"));
        assertTrue(fails("FROM a AS 1st\n").getMessage().contains("invalid name for build stage"));
        // A duplicate stage name is BuildKit's DuplicateStageName warning, not an error; the later stage wins.
        Dockerfile duplicate = Dockerfile.parse("FROM x AS a\nFROM y AS a\n");
        assertEquals(List.of("DuplicateStageName: Duplicate stage name \"a\", stage names should be unique (line 2)"),
                duplicate.checks().stream().map(BuildCheck::toString).toList());
        assertEquals(1, duplicate.stage("a").orElseThrow().index());
        assertTrue(fails("FROM x\nCOPY only\n").getMessage()
                .startsWith("Dockerfile line 2: COPY requires at least two arguments"));
        assertEquals(2, fails("FROM x\nADD\n").line());
        assertTrue(fails("FROM x\nCOPY a <<EOF\nEOF\n").getMessage().contains("cannot accept a heredoc as a destination"));
        assertTrue(fails("FROM x\nCOPY --frm=a b c\n").getMessage().startsWith("Dockerfile line 2: unknown flag: --frm"));
        assertTrue(fails("FROM x\nCOPY --from a b\n").getMessage().contains("missing a value on flag: --from"));
        assertTrue(fails("FROM x\nCOPY --link=maybe a b\n").getMessage().contains("expecting boolean value"));
        assertTrue(fails("FROM x\nCOPY --from=a --from=b c d\n").getMessage().contains("duplicate flag"));
        assertTrue(fails("FROM --plat=x x\n").getMessage().contains("unknown flag: --plat"));
        assertTrue(fails("FROM x\nRUN --mount=type=nfs,target=/x true\n").getMessage()
                .startsWith("Dockerfile line 2: unsupported mount type \"nfs\""));
        assertTrue(fails("FROM x\nRUN --mount=type=cache,target=/x,bogus=1 true\n").getMessage()
                .contains("unexpected key 'bogus'"));
        assertTrue(fails("FROM x\nRUN --mount=type=bind,mode=0700 true\n").getMessage()
                .contains("mode not allowed for \"bind\" type mounts"));
        assertTrue(fails("FROM x\nRUN --network=bridge true\n").getMessage().contains("unsupported network mode"));
        assertTrue(fails("FROM x\nSHELL /bin/sh -c\n").getMessage().contains("SHELL requires the arguments to be in JSON form"));
        assertTrue(fails("FROM x\nONBUILD ONBUILD RUN x\n").getMessage().contains("Chaining ONBUILD"));
        assertTrue(fails("FROM x\nONBUILD FROM y\n").getMessage().contains("FROM isn't allowed as an ONBUILD trigger"));
        assertTrue(fails("FROM x\nONBUILD MAINTAINER me\n").getMessage().contains("MAINTAINER isn't allowed"));
        assertTrue(fails("FROM x\nHEALTHCHECK CONNECT TCP 7000\n").getMessage().contains("Unknown type \"CONNECT\""));
        assertTrue(fails("FROM x\nHEALTHCHECK --interval=5x CMD true\n").getMessage().contains("invalid duration"));
        assertTrue(fails("FROM x\nHEALTHCHECK --retries=-1 CMD true\n").getMessage().contains("cannot be negative"));
        assertTrue(fails("FROM x\nHEALTHCHECK NONE extra\n").getMessage().contains("takes no arguments"));
        assertTrue(fails("FROM x\nUSER\n").getMessage().contains("USER requires exactly one argument"));
        assertTrue(fails("FROM x\nWORKDIR\n").getMessage().contains("WORKDIR requires exactly one argument"));
        assertTrue(fails("FROM x\nEXPOSE\n").getMessage().contains("EXPOSE requires at least one argument"));
        assertTrue(fails("FROM x\nENV =v\n").getMessage().contains("ENV names can not be blank"));
        assertTrue(fails("FROM x\nARG =v\n").getMessage().contains("ARG names can not be blank"));
        assertTrue(fails("FROM x\nVOLUME [\"\"]\n").getMessage().contains("VOLUME specified can not be an empty string"));
    }

    @Test
    void parsesFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, "FROM alpine\nRUN echo ok\n");
        assertEquals("(from \"alpine\")\n(run \"echo ok\")\n", Dockerfile.parse(file).dump());
        Files.writeString(file, "FROM alpine\nRUNN x\n");
        DockerfileException e = assertThrows(DockerfileException.class, () -> Dockerfile.parse(file));
        assertTrue(e.getMessage().startsWith(file + ": Dockerfile line 2: unknown instruction: RUNN"), e.getMessage());
        assertEquals(2, e.line());
        assertThrows(DockerfileException.class, () -> Dockerfile.parse(dir.resolve("missing")));
    }
}
