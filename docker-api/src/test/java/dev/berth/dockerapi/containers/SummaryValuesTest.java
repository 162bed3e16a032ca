package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.dockerapi.http.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summaries written by hand are what the API's mapper writes, field for field and in its order. */
class SummaryValuesTest {
    private static ContainerJson.Summary summary(List<ContainerJson.Port> ports, Long size, Map<String, String> labels,
            Map<String, Map<String, ContainerJson.Endpoint>> networks, List<ContainerJson.MountPoint> mounts) {
        return new ContainerJson.Summary("0123456789ab", List.of("/web"), "busybox", "sha256:aa", "sh -c 'x'", 1796692517L,
                ports, size, size == null ? null : size * 2, labels, "exited", "Exited (0) 5 seconds ago",
                Map.of("NetworkMode", "bridge"), networks, mounts);
    }

    @Test
    void everyFieldIsWrittenAsTheMapperWritesIt() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("z", "1");
        labels.put("a", "ü");
        Map<String, ContainerJson.Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("bridge", new ContainerJson.Endpoint(null, null, List.of("web", "0123"), "net1", "ep1", "10.88.0.1",
                "10.88.0.2", 16, "", "", 0, "02:42:0a:58:00:02"));
        endpoints.put("none", new ContainerJson.Endpoint(null, null, null, "", "", "", "", 0, "", "", 0, ""));
        List<ContainerJson.Summary> summaries = List.of(
                summary(List.of(new ContainerJson.Port("0.0.0.0", 80, 8080, "tcp"), new ContainerJson.Port(null, 53, null, "udp")),
                        12L, labels, Map.of("Networks", endpoints),
                        List.of(new ContainerJson.MountPoint("volume", "v1", "/var/lib/berth/volumes/v1", "/data", "local", "z", true, ""))),
                summary(List.of(), null, Map.of(), null, List.of()),
                summary(null, null, null, Map.of("Networks", Map.of()), null));
        List<Map<String, Object>> values = SummaryValues.of(summaries);
        for (int i = 0; i < summaries.size(); i++) {
            assertEquals(JsonCodec.MAPPER.writeValueAsString(summaries.get(i)), JsonCodec.MAPPER.writeValueAsString(values.get(i)));
        }
        // As a template reads JSON numbers: longs.
        assertEquals(1796692517L, values.get(0).get("Created"));
        @SuppressWarnings("unchecked")
        Map<String, Object> port = ((List<Map<String, Object>>) values.get(0).get("Ports")).get(0);
        assertEquals(80L, port.get("PrivatePort"));
        assertEquals(8080L, port.get("PublicPort"));
    }

    @Test
    void whatItDoesNotWriteIsLeftToTheMapper() {
        ContainerJson.Endpoint ipam = new ContainerJson.Endpoint(Map.of("IPv4Address", "10.0.0.2"), null, null, "", "", "", "",
                0, "", "", 0, "");
        assertNull(SummaryValues.of(List.of(summary(null, null, null, Map.of("Networks", Map.of("n", ipam)), null))));
        Map<String, String> nullLabel = new LinkedHashMap<>();
        nullLabel.put("a", null);
        assertNull(SummaryValues.of(List.of(summary(null, null, nullLabel, null, null))));
    }
}
