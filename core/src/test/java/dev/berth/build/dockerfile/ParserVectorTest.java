package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance vectors in the layout of BuildKit's {@code frontend/dockerfile/parser/testfiles}: each
 * directory holds a {@code Dockerfile} and the {@code result} its syntax tree dumps to.
 */
class ParserVectorTest {
    static Stream<Path> vectors() throws IOException, URISyntaxException {
        Path root = Path.of(ParserVectorTest.class.getResource("/dockerfile/vectors").toURI());
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() >= 30, "vectors found: " + dirs.size());
        return dirs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void syntaxTreeDumpsAsExpected(Path dir) throws IOException {
        String expected = Files.readString(dir.resolve("result"), StandardCharsets.UTF_8);
        String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
        assertEquals(expected, SyntaxTree.parse(text).dump(), dir.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void checkedParseOfTheFileDumpsTheSame(Path dir) throws IOException {
        String expected = Files.readString(dir.resolve("result"), StandardCharsets.UTF_8);
        Dockerfile parsed = Dockerfile.parse(dir.resolve("Dockerfile"));
        assertEquals(expected, parsed.dump(), dir.getFileName().toString());
        assertTrue(!parsed.stages().isEmpty());
    }
}
