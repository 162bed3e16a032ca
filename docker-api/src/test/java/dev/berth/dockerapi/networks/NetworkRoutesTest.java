package dev.berth.dockerapi.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.NetworkMode;
import dev.berth.dockerapi.testing.ServedHome;
import dev.berth.dockerapi.testing.SocketClient;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The networks endpoints as docker-compose, the docker CLI and Testcontainers call them, as root. */
@RequiresRoot("bridges and veths for the containers that connect")
class NetworkRoutesTest extends ServedHome {
    @Override
    protected void prepare(Path home) throws IOException {
        BusyboxImage.store(home, dir.resolve("scratch"));
    }

    @Test
    void createInspectListAndRemoveAsComposeDoes() throws IOException {
        assertEquals(404, client.request("GET", "/v1.41/networks/proj_default").status());
        assertTrue(json(client.request("GET", "/v1.41/networks/proj_default")).get("message").asText().contains("not found"));
        SocketClient.Response created = post("/v1.41/networks/create", "{\"Name\":\"proj_default\",\"CheckDuplicate\":true,"
                + "\"Driver\":\"bridge\",\"Attachable\":true,\"Labels\":{\"com.docker.compose.project\":\"proj\"},"
                + "\"IPAM\":{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"10.240.7.0/24\",\"Gateway\":\"10.240.7.1\"}]}}");
        assertEquals(201, created.status(), created.text());
        String id = json(created).get("Id").asText();
        assertEquals(64, id.length());
        assertEquals("", json(created).get("Warning").asText());
        assertEquals(409, post("/v1.41/networks/create", "{\"Name\":\"proj_default\",\"CheckDuplicate\":true}").status());
        assertEquals(403, post("/v1.41/networks/create", "{\"Name\":\"host\"}").status());
        assertEquals(400, post("/v1.41/networks/create", "{\"Name\":\"x\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.240.8.0/24\","
                + "\"Gateway\":\"10.240.8.9\"}]}}").status());

        for (String key : List.of("proj_default", id, id.substring(0, 10))) {
            JsonNode n = json(client.request("GET", "/v1.41/networks/" + key));
            assertEquals("proj_default", n.get("Name").asText(), key);
            assertEquals(id, n.get("Id").asText());
            assertEquals("bridge", n.get("Driver").asText());
            assertEquals("local", n.get("Scope").asText());
            assertEquals("10.240.7.0/24", n.get("IPAM").get("Config").get(0).get("Subnet").asText());
            assertEquals("10.240.7.1", n.get("IPAM").get("Config").get(0).get("Gateway").asText());
            assertEquals("proj", n.get("Labels").get("com.docker.compose.project").asText());
            assertTrue(n.get("Attachable").asBoolean());
            assertTrue(n.get("Containers").isObject());
        }
        List<String> names = new ArrayList<>();
        json(client.request("GET", "/v1.41/networks")).forEach(n -> names.add(n.get("Name").asText()));
        assertTrue(names.containsAll(List.of("bridge", "host", "none", "proj_default")), names.toString());
        JsonNode byLabel = json(client.request("GET", "/v1.41/networks?filters="
                + filters("{\"label\":{\"com.docker.compose.project=proj\":true}}")));
        assertEquals(1, byLabel.size());
        JsonNode byId = json(client.request("GET", "/v1.32/networks?filters=" + filters("{\"id\":[\"" + id + "\"]}")));
        assertEquals("proj_default", byId.get(0).get("Name").asText());
        assertEquals("bridge", json(client.request("GET", "/v1.41/networks/bridge")).get("Name").asText());
        assertEquals("host", json(client.request("GET", "/v1.41/networks/host")).get("Driver").asText());

        assertEquals(403, client.request("DELETE", "/v1.41/networks/bridge").status());
        assertEquals(204, client.request("DELETE", "/v1.41/networks/" + id).status());
        assertEquals(404, client.request("DELETE", "/v1.41/networks/" + id).status());
    }

    @Test
    void connectAndDisconnectARunningContainerWithAliases() throws Exception {
        String netId = json(post("/v1.41/networks/create", "{\"Name\":\"apps\"}")).get("Id").asText();
        try (Container c = berth.container(BusyboxImage.REFERENCE).name("svc").networkMode(NetworkMode.BRIDGE)
                .command("sleep", "600").start()) {
            assertEquals(404, post("/v1.41/networks/apps/connect", "{\"Container\":\"nosuch\"}").status());
            SocketClient.Response r = post("/v1.41/networks/apps/connect",
                    "{\"Container\":\"svc\",\"EndpointConfig\":{\"Aliases\":[\"db\"]}}");
            assertEquals(200, r.status(), r.text());
            JsonNode n = json(client.request("GET", "/v1.41/networks/" + netId));
            JsonNode endpoint = n.get("Containers").get(c.id());
            assertEquals("svc", endpoint.get("Name").asText());
            assertTrue(endpoint.get("IPv4Address").asText().matches("10\\.231\\.\\d+\\.\\d+/24"), endpoint.toString());
            assertTrue(endpoint.get("MacAddress").asText().startsWith("02:42:"));
            assertEquals(64, endpoint.get("EndpointID").asText().length());
            assertEquals(0, c.exec("ip", "link", "show", "eth1").exitCode());
            assertEquals(403, client.request("DELETE", "/v1.41/networks/apps").status(), "it has an active endpoint");
            assertEquals(403, post("/v1.41/networks/apps/connect", "{\"Container\":\"svc\"}").status());

            assertEquals(200, post("/v1.41/networks/" + netId.substring(0, 12) + "/disconnect", "{\"Container\":\"" + c.id()
                    + "\",\"Force\":false}").status());
            assertEquals(0, json(client.request("GET", "/v1.41/networks/apps")).get("Containers").size());
        }
    }

    @Test
    void pruneRemovesTheUnusedNetworksOfTheLabel() throws IOException {
        post("/v1.32/networks/create", "{\"Name\":\"tc-a\",\"CheckDuplicate\":true,\"Labels\":{\"session\":\"s1\"}}");
        post("/v1.32/networks/create", "{\"Name\":\"tc-b\",\"CheckDuplicate\":true,\"Labels\":{\"session\":\"s2\"}}");
        JsonNode pruned = json(post("/v1.32/networks/prune?filters=" + filters("{\"label\":[\"session=s1\"]}"), ""));
        assertEquals("[\"tc-a\"]", pruned.get("NetworksDeleted").toString());
        assertEquals(404, client.request("GET", "/v1.32/networks/tc-a").status());
        assertEquals(200, client.request("GET", "/v1.32/networks/tc-b").status());
    }
}
