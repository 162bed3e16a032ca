package dev.berth.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The generator-only writer gives the bytes the shared mapper gives, to the byte: they are the
 * digests of image configs and manifests (#18), so an image id must not change with the writer.
 */
class JsonTreeWriterTest {
    private static void sameAsMapper(JsonNode tree) throws IOException {
        byte[] byMapper = Json.mapper().writeValueAsBytes(tree);
        assertArrayEquals(byMapper, JsonTreeWriter.write(tree), () -> new String(byMapper, StandardCharsets.UTF_8));
        assertEquals(Json.mapper().writeValueAsString(tree), JsonTreeWriter.writeString(tree));
    }

    @Test
    void everyKindOfValueIsWrittenAsTheMapperWritesIt() throws IOException {
        sameAsMapper(Json.mapper().readTree("""
                {"architecture":"amd64","os":"linux","created":"2026-12-08T04:00:00.123456789Z",
                 "config":{"Env":["PATH=/usr/local/sbin:/usr/bin","X=\\u00fc\\u2028 \\"q\\" \\\\ \\t\\n\\u0001 </script> \\ud83d\\ude00"],
                   "Cmd":["redis-server","--protected-mode","no"],"ExposedPorts":{"6379/tcp":{}},"Labels":null,
                   "Volumes":{},"ArgsEscaped":true,"OnBuild":[]},
                 "rootfs":{"type":"layers","diff_ids":["sha256:00"]},
                 "history":[{"created_by":"RUN x","empty_layer":false}],
                 "n":[0,-1,2147483647,2147483648,-9223372036854775808,123456789012345678901234567890,
                      0.1,-0.0,1e300,1.5E-7,3.0]}
                """));
        ObjectNode built = JsonNodeFactory.instance.objectNode();
        built.put("int", 7).put("long", 1L << 40).put("short", (short) 3).put("float", 1.25f).put("double", 0.1)
                .put("big", new BigInteger("98765432109876543210")).put("bool", false).putNull("null")
                .put("text", "ü\u0000\u007f\u0085");
        built.putArray("empty");
        built.putObject("nested").putArray("a").add(1).addObject().put("k", "v");
        sameAsMapper(built);
        sameAsMapper(JsonNodeFactory.instance.textNode("top"));
        sameAsMapper(JsonNodeFactory.instance.arrayNode());
    }

    @Test
    void aLoneSurrogateIsWrittenToAStringAsTheMapperWritesIt() throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("label", "a\ud800b");
        assertEquals(Json.mapper().writeValueAsString(o), JsonTreeWriter.writeString(o));
    }

    @Test
    void nodesWhoseFormTheMapperDecidesAreWrittenByTheMapper() throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("decimal", new BigDecimal("1.50E+3"));
        o.put("binary", new byte[] {1, 2, 3, (byte) 0xff});
        o.putPOJO("pojo", java.util.List.of("a", 1));
        sameAsMapper(o);
    }
}
