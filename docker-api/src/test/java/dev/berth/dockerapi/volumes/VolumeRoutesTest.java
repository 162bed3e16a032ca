package dev.berth.dockerapi.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.dockerapi.testing.ServedHome;
import dev.berth.dockerapi.testing.SocketClient;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The volumes endpoints as docker-compose, the docker CLI and Testcontainers call them. */
class VolumeRoutesTest extends ServedHome {
    @Test
    void createInspectListAndRemove() throws IOException {
        SocketClient.Response missing = client.request("GET", "/v1.41/volumes/proj_data");
        assertEquals(404, missing.status());
        assertEquals("get proj_data: no such volume", json(missing).get("message").asText());
        SocketClient.Response created = post("/v1.41/volumes/create",
                "{\"Name\":\"proj_data\",\"Driver\":\"local\",\"Labels\":{\"com.docker.compose.project\":\"proj\"}}");
        assertEquals(201, created.status(), created.text());
        JsonNode v = json(client.request("GET", "/v1.41/volumes/proj_data"));
        assertEquals("proj_data", v.get("Name").asText());
        assertEquals("local", v.get("Driver").asText());
        assertEquals("local", v.get("Scope").asText());
        assertEquals("proj", v.get("Labels").get("com.docker.compose.project").asText());
        assertTrue(v.get("Options").isNull());
        assertTrue(v.get("CreatedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), v.toString());
        assertTrue(Files.isDirectory(Path.of(v.get("Mountpoint").asText())));

        JsonNode anonymous = json(post("/v1.41/volumes/create", "{}"));
        assertEquals(64, anonymous.get("Name").asText().length());
        assertEquals(400, post("/v1.41/volumes/create", "{\"Name\":\"bad/name\"}").status());
        assertEquals(404, post("/v1.41/volumes/create", "{\"Name\":\"x\",\"Driver\":\"nfs-plugin\"}").status());

        JsonNode list = json(client.request("GET", "/v1.41/volumes"));
        assertTrue(list.get("Warnings").isNull());
        assertEquals(2, list.get("Volumes").size());
        JsonNode labelled = json(client.request("GET", "/v1.41/volumes?filters="
                + filters("{\"label\":[\"com.docker.compose.project=proj\"]}")));
        assertEquals(1, labelled.get("Volumes").size());
        assertEquals(2, json(client.request("GET", "/v1.41/volumes?filters=" + filters("{\"dangling\":[\"true\"]}")))
                .get("Volumes").size());

        assertEquals(204, client.request("DELETE", "/v1.41/volumes/proj_data").status());
        assertEquals(404, client.request("DELETE", "/v1.41/volumes/proj_data").status());
        assertEquals(204, client.request("DELETE", "/v1.41/volumes/proj_data?force=1").status());
    }

    @Test
    void pruneTakesTheRequestedVersionsRule() throws IOException {
        post("/v1.32/volumes/create", "{\"Name\":\"tc-named\",\"Labels\":{\"session\":\"s1\"}}");
        String anonymous = json(post("/v1.32/volumes/create", "{\"Labels\":{\"session\":\"s1\"}}")).get("Name").asText();
        post("/v1.32/volumes/create", "{\"Name\":\"other\",\"Labels\":{\"session\":\"s2\"}}");

        // 1.42 and later: anonymous volumes only, unless all=true
        JsonNode pruned = json(post("/v1.44/volumes/prune?filters=" + filters("{\"label\":[\"session=s1\"]}"), ""));
        assertEquals(List.of(anonymous), names(pruned.get("VolumesDeleted")));
        assertEquals(200, client.request("GET", "/v1.44/volumes/tc-named").status());
        // before 1.42 (Testcontainers' 1.32): every unused volume of the label
        pruned = json(post("/v1.32/volumes/prune?filters=" + filters("{\"label\":[\"session=s1\"]}"), ""));
        assertEquals(List.of("tc-named"), names(pruned.get("VolumesDeleted")));
        assertEquals(0, pruned.get("SpaceReclaimed").asLong());
        pruned = json(post("/v1.44/volumes/prune?filters=" + filters("{\"all\":[\"true\"],\"label!\":[\"session=s9\"]}"), ""));
        assertEquals(List.of("other"), names(pruned.get("VolumesDeleted")));
        assertFalse(json(client.request("GET", "/volumes")).get("Volumes").elements().hasNext());
    }

    @Test
    @RequiresRoot("a container that mounts the volume")
    void aVolumeInUseIsNotRemovedNorPruned() throws Exception {
        BusyboxImage.store(dir.resolve("home"), dir.resolve("scratch"));
        try (Container c = berth.container(BusyboxImage.REFERENCE).volume("busy", "/data").command("true").start()) {
            c.waitFor();
            SocketClient.Response r = client.request("DELETE", "/v1.41/volumes/busy?force=1");
            assertEquals(409, r.status());
            assertEquals("remove busy: volume is in use - [" + c.id() + "]", json(r).get("message").asText());
            assertEquals(List.of(), names(json(post("/v1.41/volumes/prune", "")).get("VolumesDeleted")));
            assertEquals(0, json(client.request("GET", "/v1.41/volumes?filters=" + filters("{\"dangling\":[\"true\"]}")))
                    .get("Volumes").size());
        }
        assertEquals(204, client.request("DELETE", "/v1.41/volumes/busy").status());
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
