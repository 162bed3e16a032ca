package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile input never escapes as anything but {@link DockerfileException}: no
 * NullPointerException, IndexOutOfBounds or StackOverflowError. Seeded, so failures reproduce.
 */
class RobustnessTest {
    private static final String[] FRAGMENTS = {"FROM ", "RUN ", "COPY ", "ADD ", "ENV ", "LABEL ", "ARG ", "ONBUILD ",
        "HEALTHCHECK ", "CMD ", "SHELL ", "EXPOSE ", "VOLUME ", "USER ", "WORKDIR ", "MAINTAINER ", "STOPSIGNAL ",
        "ENTRYPOINT ", "--mount=type=cache,target=/x ", "--from=a ", "--", "--link ", "<<EOF", "<<-'E'", "EOF", "E",
        "\n", "\r\n", "\\\n", "`\n", "\\", "`", "\"", "'", "[", "]", "[\"a\", \"b\"]", "{", "}", "$", "${", "${A:-",
        "=", " ", "\t", "#", "# escape=`\n", "# syntax=x\n", "a", "b=c", "x y", "\u00e9", "\u00a0", "\ufeff", "NONE",
        "AS ", "as", "1", "0", ":", "/", "*", "?", "!", "**", "-", "\u0000", "\uffff", "\ud800"};

    @Test
    void randomDockerfilesOnlyEverThrowDockerfileException() {
        Random random = new Random(20261128L);
        int parsed = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(40);
            for (int i = 0; i < pieces; i++) {
                if (random.nextInt(10) == 0) {
                    text.append((char) random.nextInt(0x3000));
                } else {
                    text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                }
            }
            String input = random.nextBoolean() ? "FROM base\n" + text : text.toString();
            parsed += attempt(input) ? 1 : 0;
        }
        assertTrue(parsed > 100, "some random inputs should be valid Dockerfiles, got " + parsed);
    }

    @Test
    void deepAndLongInputIsRefusedOrParsedWithoutOverflow() {
        attempt("FROM x\n" + "ONBUILD ".repeat(50_000) + "RUN x\n");
        attempt("FROM x\nCMD " + "[".repeat(200_000) + "\n");
        attempt("FROM x\nCMD [\"a\", " + "[".repeat(200_000) + "]".repeat(200_000) + "]\n");
        attempt("FROM x\nRUN <<" + "${A:-".repeat(50_000) + "\n");
        attempt("FROM x\nRUN " + "a \\\n".repeat(100_000) + "b\n");
        attempt("FROM x\nCOPY " + "<<A ".repeat(10_000) + "/d\n" + "A\n".repeat(10_000));
        attempt("FROM x\nENV " + "a=\"b\" ".repeat(50_000) + "\n");
        assertEquals("(from \"x\")\n(run \"a\")\n", SyntaxTree.parse("FROM x\nRUN a\n" + "\n".repeat(100_000)).dump());
    }

    @Test
    void randomIgnoreFilesAndExpansionsOnlyThrowDockerfileException() {
        Random random = new Random(42L);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            try {
                DockerIgnore ignore = DockerIgnore.parse(text.toString());
                ignore.excluded(text.toString());
                ignore.excluded("a/b/c");
            } catch (DockerfileException expected) {
                // refusing is fine
            } catch (RuntimeException | StackOverflowError e) {
                fail("DockerIgnore.parse(" + GoText.quote(text.toString()) + ") threw " + e, e);
            }
            try {
                new VariableExpander().expandWords(text.toString(), Map.of("A", "x y", "B", ""));
            } catch (DockerfileException expected) {
                // refusing is fine
            } catch (RuntimeException | StackOverflowError e) {
                fail("expand(" + GoText.quote(text.toString()) + ") threw " + e, e);
            }
        }
    }

    /** Parses {@code input}; true if it was accepted, false if refused with a DockerfileException. */
    private static boolean attempt(String input) {
        try {
            Dockerfile df = Dockerfile.parse(input);
            df.dump();
            df.globalArgValues(Map.of());
            return true;
        } catch (DockerfileException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            String shown = input.length() > 300 ? input.substring(0, 300) + "..." : input;
            fail("Dockerfile.parse(" + GoText.quote(shown) + ") threw " + e, e);
            return false;
        }
    }
}
