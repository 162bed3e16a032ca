package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain command lines of ps, images and inspect are read without picocli into the verbs'
 * own fields; every other line is left to picocli (null), which answers it as before.
 */
class DirectVerbsTest {
    @Test
    void psFlagsAloneClusteredAndWithValues() {
        PsCommand ps = (PsCommand) DirectVerbs.parse("--home", "/h", "ps", "-aq", "--no-trunc", "--format", "{{.ID}}",
                "--filter=status=exited", "-s", "--latest");
        assertEquals(Path.of("/h"), ps.top.home);
        assertTrue(ps.all && ps.listing.quiet && ps.listing.noTrunc && ps.size && ps.latest);
        assertEquals("{{.ID}}", ps.listing.format);
        assertEquals(List.of("status=exited"), ps.listing.filters);
        assertEquals(-1, ps.last, "picocli's default of -n");
        PsCommand plain = (PsCommand) DirectVerbs.parse("ps");
        assertFalse(plain.all || plain.listing.quiet || plain.size);
        assertNull(plain.top.home);
        assertTrue(((PsCommand) DirectVerbs.parse("ps", "--debug")).top.debug);
    }

    @Test
    void imagesWithARepositoryAndInspectWithItsFormat() {
        ImagesCommand images = (ImagesCommand) DirectVerbs.parse("images", "busybox", "--digests", "-q");
        assertEquals("busybox", images.repository);
        assertTrue(images.digests && images.listing.quiet);
        InspectCommand inspect = (InspectCommand) DirectVerbs.parse("inspect", "-f", "{{.Id}}", "a", "b", "--type=container");
        assertEquals(List.of("a", "b"), inspect.names);
        assertEquals("{{.Id}}", inspect.format);
        assertEquals("container", inspect.type);
    }

    @Test
    void buildsCommonLine() {
        BuildCommand build = (BuildCommand) DirectVerbs.parse("--home", "/h", "build", "--network", "host", "-t", "a:1",
                "--tag=b", "-f", "ctx/Dockerfile.x", "--build-arg", "K=V", "--label=l=1", "--target", "t", "-q",
                "--no-cache", "--progress=plain", "ctx");
        assertEquals(Path.of("/h"), build.top.home);
        assertEquals("host", build.network);
        assertEquals(List.of("a:1", "b"), build.tags);
        assertEquals(Path.of("ctx/Dockerfile.x"), build.dockerfile);
        assertEquals(List.of("K=V"), build.buildArgs);
        assertEquals(List.of("l=1"), build.labels);
        assertEquals("t", build.target);
        assertEquals("plain", build.progress);
        assertEquals(Path.of("ctx"), build.context);
        assertTrue(build.quiet && build.noCache);
        BuildCommand plain = (BuildCommand) DirectVerbs.parse("build", ".");
        assertEquals(Path.of("."), plain.context);
        assertEquals("auto", plain.progress, "picocli's default");
        assertTrue(plain.tags.isEmpty() && plain.dockerfile == null && plain.network == null && !plain.quiet);
    }

    @Test
    void runsCommonLinesAsPicocliReadsThem() throws Exception {
        for (List<String> line : List.of(List.of("run", "--rm", "img", "true"), List.of("run", "img"),
                List.of("--home", "/h", "run", "-it", "--name", "n", "--network=none", "-e", "A=1", "--env=B", "img", "sh", "-c", "x --rm"),
                List.of("run", "-dit", "--init", "--read-only", "-v", "/a:/b:ro", "--volume=v:/c", "-p", "8080:80",
                        "--publish=53/udp", "-l", "k=v", "--label=x", "--workdir=/x", "-u", "1:2", "--hostname", "h",
                        "-m", "64m", "img", "-e", "--rm"),
                List.of("--debug", "run", "--detach", "--interactive", "--tty", "-w", "/w", "img", "--name", "x"))) {
            String[] args = line.toArray(String[]::new);
            RunCommand direct = (RunCommand) DirectVerbs.parse(args);
            assertTrue(direct != null, "read directly: " + line);
            BerthCommand top = new BerthCommand();
            picocli.CommandLine cl = new picocli.CommandLine(top);
            VerbLine.register(cl, BerthCommand.verbs(), args);
            cl.getSubcommands().get("run").setStopAtPositional(true);
            RunCommand parsed = (RunCommand) cl.parseArgs(args).subcommand().commandSpec().userObject();
            assertEquals(top.home, direct.top.home, "--home of " + line);
            assertEquals(top.debug, direct.top.debug, "--debug of " + line);
            assertSameFields(RunCommand.class, parsed, direct, line);
            assertSameFields(RunOptions.class, parsed.options, direct.options, line);
        }
        assertTrue(DirectVerbs.bindsLibc(DirectVerbs.parse("run", "img")));
        assertFalse(DirectVerbs.bindsLibc(DirectVerbs.parse("ps")));
    }

    /** Every field of {@code type} but the parent and the mixin holds the same value in both. */
    private static <T> void assertSameFields(Class<T> type, T picocli, T direct, List<String> line) throws IllegalAccessException {
        for (java.lang.reflect.Field f : type.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType() == RunOptions.class) {
                continue;
            }
            f.setAccessible(true);
            assertEquals(f.get(picocli), f.get(direct), type.getSimpleName() + "." + f.getName() + " of " + line);
        }
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        for (List<String> line : List.of(List.<String>of(), List.of("--version"), List.of("--help"), List.of("run"),
                List.of("run", "--bogus", "x"), List.of("run", "--sig-proxy=false", "x"), List.of("run", "-e"),
                List.of("run", "--name", "--rm", "x"), List.of("run", "-itx", "x"), List.of("run", "--", "x"),
                List.of("run", "--rm"), List.of("run", "--env-file", "f", "x"), List.of("run", "-eK=V", "x"),
                List.of("run", "--help"), List.of("run", "-h"), List.of("run", "--cpus", "1", "x"),
                List.of("run", "-d", "--detach", "x"), List.of("run", "-w", "/a", "--workdir=/b", "x"), List.of("run", "-itt", "x"),
                List.of("run", "--name", "a", "--name=b", "x"), List.of("run", "--debug", "x"),
                List.of("ps", "--help"), List.of("ps", "-h"), List.of("ps", "--bogus"), List.of("ps", "-ax"),
                List.of("ps", "-n", "2"), List.of("ps", "extra"), List.of("ps", "--format"), List.of("ps", "--"),
                List.of("images", "a", "b"), List.of("inspect"), List.of("inspect", "-f"), List.of("--home"),
                List.of("--bogus", "ps"), List.of("build"), List.of("build", "a", "b"), List.of("build", "-t"),
                List.of("build", "-t", "--no-cache", "."), List.of("build", "-qt", "x", "."), List.of("build", "-tx", "."),
                List.of("build", "--secret", "id=a,src=b", "."), List.of("build", "--help"), List.of("build", "--iidfile", "f", "."))) {
            assertNull(DirectVerbs.parse(line.toArray(String[]::new)), "read directly: " + line);
        }
    }
}
