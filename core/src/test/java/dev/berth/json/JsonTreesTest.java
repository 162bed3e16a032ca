package dev.berth.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming reader gives the tree the shared mapper gives, and refuses what it refuses. */
class JsonTreesTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("f.json"), text);
    }

    private void sameAsMapper(String text) throws IOException {
        Path f = file(text);
        JsonNode expected = Json.mapper().readTree(Files.readAllBytes(f));
        JsonNode read = JsonTrees.read(f);
        assertEquals(expected, read, text);
        assertEquals(expected.getNodeType(), read.getNodeType(), text);
        assertEquals(expected.toString(), read.toString(), text);
    }

    @Test
    void everyKindOfValueReadsAsTheMapperReadsIt() throws IOException {
        sameAsMapper("{\"Status\":\"exited\",\"Running\":false,\"Pid\":0,\"ExitCode\":137,\"OOMKilled\":true,"
                + "\"StartedAt\":\"2026-12-08T01:14:48.647777144Z\",\"FinishedAt\":null,\"Namespaces\":[\"pid\",\"mnt\"],"
                + "\"n\":{\"a\":[1,-2,3.5,1e3,[],{}]}}");
        sameAsMapper("[4294967296, 123456789012345678901234567890, -0.0, \"\\u00fc\\n\"]");
        sameAsMapper("  \"text\"  ");
        sameAsMapper("null");
        sameAsMapper("");
        sameAsMapper("{\"a\":1}   ");
        for (String n : new String[] {"1", "2147483648", "-9223372036854775809", "0.1"}) {
            assertEquals(Json.mapper().readTree(n).numberType(), JsonTrees.read(file(n)).numberType(), n);
        }
    }

    @Test
    void aDuplicateKeyTrailingDataOrBrokenJsonIsRefusedAsByTheMapper() throws IOException {
        for (String bad : new String[] {"{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{\"a\":", "[1,]", "{a:1}"}) {
            Path f = file(bad);
            assertThrows(IOException.class, () -> Json.mapper().readTree(Files.readAllBytes(f)), bad);
            assertThrows(IOException.class, () -> JsonTrees.read(f), bad);
        }
        // Trailing data is refused in the mapper's words (image errors quote them).
        Path trailing = file("{\"a\":1} {}");
        JsonProcessingException byMapper = assertThrows(JsonProcessingException.class,
                () -> Json.mapper().readTree(Files.readAllBytes(trailing)));
        JsonProcessingException byTrees = assertThrows(JsonProcessingException.class, () -> JsonTrees.read(trailing));
        assertEquals(byMapper.getOriginalMessage(), byTrees.getOriginalMessage());
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> JsonTrees.read(dir.resolve("none.json")));
        assertTrue(e.getMessage().contains("none.json"), e.getMessage());
    }
}
