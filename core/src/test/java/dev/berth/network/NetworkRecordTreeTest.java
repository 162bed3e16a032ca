package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A network record read by hand is the record Jackson binds; anything else is left to Jackson. */
class NetworkRecordTreeTest {
    private static final ObjectMapper JSON = Json.mapper();

    private static NetworkRecord record() {
        NetworkRecord.PortMapping web = new NetworkRecord.PortMapping("tcp", 8080, 80, "127.0.0.1");
        NetworkRecord.Endpoint e = new NetworkRecord.Endpoint("c0ffee", "web", "c0ffee12", List.of("web", "w"), "10.88.0.2",
                "vethab12", List.of(web, new NetworkRecord.PortMapping("udp", 5353, 53, "")), true, null, null, null, null,
                "lease-1");
        return new NetworkRecord("mynet", "10.88.0.0/16", false, "berthab12", List.of(e), null, "2026-12-08T01:00:00Z",
                Map.of("team", "a"), Map.of("mtu", "1400"), true, false);
    }

    @Test
    void aWrittenRecordReadsAsJacksonBindsIt() throws Exception {
        for (NetworkRecord r : List.of(record(), new NetworkRecord("bridge", "172.17.0.0/16", true, "berth1", List.of()))) {
            JsonNode tree = JSON.readTree(JSON.writeValueAsBytes(r));
            NetworkRecord hand = NetworkRecordTree.read(tree);
            assertNotNull(hand, tree::toString);
            assertEquals(JSON.treeToValue(tree, NetworkRecord.class), hand);
            assertEquals(r, hand);
        }
    }

    @Test
    void anotherFormIsLeftToJackson() throws Exception {
        ObjectNode tree = JSON.valueToTree(record());
        ObjectNode older = tree.deepCopy();
        older.remove("attachable");
        assertNull(NetworkRecordTree.read(older));
        ObjectNode wrong = tree.deepCopy();
        ((ObjectNode) wrong.get("endpoints").get(0).get("ports").get(0)).put("hostPort", "8080");
        assertNull(NetworkRecordTree.read(wrong));
        ObjectNode nullList = tree.deepCopy();
        nullList.putNull("endpoints");
        assertNull(NetworkRecordTree.read(nullList));
    }
}
