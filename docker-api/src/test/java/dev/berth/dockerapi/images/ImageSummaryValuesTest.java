package dev.berth.dockerapi.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.dockerapi.http.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Image summaries written by hand are what the API's mapper writes, field for field and in its order. */
class ImageSummaryValuesTest {
    @Test
    void everyFieldIsWrittenAsTheMapperWritesIt() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "demo");
        labels.put("a", "ü");
        List<ImageViews.Summary> summaries = List.of(
                new ImageViews.Summary("sha256:aa", "", List.of("demo:latest", "demo:1"), List.of("demo@sha256:bb"),
                        1796692517L, 4_200_000L, -1, 4_200_000L, labels, -1),
                new ImageViews.Summary("sha256:cc", null, List.of(), List.of(), 0, 0, 0, null, Map.of(), 2),
                new ImageViews.Summary("sha256:dd", "", null, null, 1, 2, 3, null, null, 0));
        List<Map<String, Object>> values = ImageSummaryValues.of(summaries);
        for (int i = 0; i < summaries.size(); i++) {
            Object expected = templateValue(JsonCodec.MAPPER.valueToTree(summaries.get(i)));
            assertEquals(expected, values.get(i));
            assertEquals(new ArrayList<>(((Map<?, ?>) expected).keySet()), new ArrayList<>(values.get(i).keySet()), "field order");
        }
        assertTrue(values.get(1).containsKey("ParentId"), "a null field is written, as the record says");
        assertEquals(-1L, values.get(0).get("Containers"));
        assertEquals(4_200_000L, values.get(0).get("Size"));
    }

    /** JSON as a template reads it: objects as ordered maps, integers as longs. */
    private static Object templateValue(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), templateValue(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(templateValue(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        return n.isNull() ? null : n.isBoolean() ? (Object) n.asBoolean() : n.asText();
    }

    @Test
    void aNullLabelIsLeftToTheMapper() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("a", null);
        assertNull(ImageSummaryValues.of(List.of(new ImageViews.Summary("sha256:aa", "", List.of(), List.of(), 0, 0, 0, null,
                labels, 0))));
    }
}
