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
    void anythingElseIsLeftToPicocli() {
        for (List<String> line : List.of(List.<String>of(), List.of("--version"), List.of("--help"), List.of("run", "x"),
                List.of("ps", "--help"), List.of("ps", "-h"), List.of("ps", "--bogus"), List.of("ps", "-ax"),
                List.of("ps", "-n", "2"), List.of("ps", "extra"), List.of("ps", "--format"), List.of("ps", "--"),
                List.of("images", "a", "b"), List.of("inspect"), List.of("inspect", "-f"), List.of("--home"),
                List.of("--bogus", "ps"))) {
            assertNull(DirectVerbs.parse(line.toArray(String[]::new)), "read directly: " + line);
        }
    }
}
