package dev.berth.dockerapi.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.testing.DockerCli;
import dev.berth.dockerapi.testing.ServedBusyboxHome;
import dev.berth.dockerapi.testing.SocketClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GET /events: past events by since/until and filters, and following with the docker CLI. */
class EventRoutesTest extends ServedBusyboxHome {
    private static String seconds(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    @Test
    void sinceAndUntilGiveThePastEventsFilteredAsDockerStreamsThem() throws Exception {
        Instant start = Instant.now();
        String id;
        try (Container c = berth.container(BusyboxImage.REFERENCE).name("once").label("app", "demo").command("true").start()) {
            id = c.id();
            c.waitFor();
        }
        try (Container other = berth.container(BusyboxImage.REFERENCE).name("other").command("true").start()) {
            other.waitFor();
        }
        Instant end = Instant.now();
        String filters = java.net.URLEncoder.encode("{\"label\":[\"app=demo\"],\"type\":[\"container\"]}", StandardCharsets.UTF_8);
        try (SocketClient client = new SocketClient(socket())) {
            SocketClient.Response r = client.request("GET", "/v1.41/events?since=" + seconds(start) + "&until=" + seconds(end)
                    + "&filters=" + filters);
            assertEquals(200, r.status());
            List<JsonNode> events = new ArrayList<>();
            try (MappingIterator<JsonNode> it = JsonCodec.MAPPER.readerFor(JsonNode.class).readValues(r.body())) {
                it.forEachRemaining(events::add);
            }
            assertEquals(List.of("create", "start", "die", "destroy"), events.stream().map(e -> e.get("Action").asText()).toList());
            JsonNode die = events.get(2);
            assertEquals("container", die.get("Type").asText());
            assertEquals(id, die.get("Actor").get("ID").asText());
            assertEquals(id, die.get("id").asText());
            assertEquals("die", die.get("status").asText());
            assertEquals(BusyboxImage.REFERENCE, die.get("from").asText());
            assertEquals("0", die.get("Actor").get("Attributes").get("exitCode").asText());
            assertEquals("once", die.get("Actor").get("Attributes").get("name").asText());
            assertEquals("demo", die.get("Actor").get("Attributes").get("app").asText());
            assertEquals("local", die.get("scope").asText());
            assertEquals(die.get("timeNano").asLong() / 1_000_000_000L, die.get("time").asLong());

            SocketClient.Response bad = client.request("GET", "/v1.41/events?filters="
                    + java.net.URLEncoder.encode("{\"colour\":[\"red\"]}", StandardCharsets.UTF_8));
            assertEquals(400, bad.status());
            assertTrue(bad.text().contains("colour"), bad.text());
            assertEquals(400, client.request("GET", "/v1.41/events?since=yesterday").status());
        }
    }

    @Test
    void aRunOnAUserNetworkWithANamedVolumeGivesDockerdsNetworkAndVolumeEvents() throws Exception {
        Instant start = Instant.now();
        String id;
        String netId = berth.createNetwork("evnet").id();
        berth.volumes().create("evvol", java.util.Map.of(), java.util.Map.of());
        try (Container c = berth.container(BusyboxImage.REFERENCE).name("mounted").network("evnet").volume("evvol", "/data")
                .command("sleep", "60").create()) {
            id = c.id();
            c.start();
            c.stop(java.time.Duration.ofSeconds(2));
        } finally {
            berth.removeNetwork("evnet");
        }
        Instant end = Instant.now();
        try (SocketClient client = new SocketClient(socket())) {
            SocketClient.Response r = client.request("GET", "/v1.41/events?since=" + seconds(start) + "&until=" + seconds(end)
                    + "&filters=" + java.net.URLEncoder.encode("{\"type\":[\"network\",\"volume\"]}", StandardCharsets.UTF_8));
            assertEquals(200, r.status());
            List<JsonNode> events = new ArrayList<>();
            try (MappingIterator<JsonNode> it = JsonCodec.MAPPER.readerFor(JsonNode.class).readValues(r.body())) {
                it.forEachRemaining(events::add);
            }
            // As dockerd 20.10 records them: a create for the reference, connect and mount at the start, disconnect and unmount at the stop.
            assertEquals(List.of("network create", "volume create", "volume create", "network connect", "volume mount",
                    "network disconnect", "volume unmount", "network destroy"),
                    events.stream().map(e -> e.get("Type").asText() + " " + e.get("Action").asText()).toList());
            JsonNode connect = events.get(3);
            assertEquals(netId, connect.get("Actor").get("ID").asText());
            assertEquals("{\"container\":\"" + id + "\",\"name\":\"evnet\",\"type\":\"bridge\"}",
                    JsonCodec.MAPPER.writeValueAsString(new java.util.TreeMap<>(JsonCodec.MAPPER.convertValue(
                            connect.get("Actor").get("Attributes"), java.util.Map.class))));
            JsonNode mount = events.get(4);
            assertEquals("evvol", mount.get("Actor").get("ID").asText());
            JsonNode attributes = mount.get("Actor").get("Attributes");
            assertEquals(id, attributes.get("container").asText());
            assertEquals("/data", attributes.get("destination").asText());
            assertEquals("local", attributes.get("driver").asText());
            assertEquals("", attributes.get("propagation").asText());
            assertEquals("true", attributes.get("read/write").asText());
            assertEquals(id, events.get(5).get("Actor").get("Attributes").get("container").asText());
            JsonNode unmount = events.get(6).get("Actor");
            assertEquals("evvol", unmount.get("ID").asText());
            assertEquals(id, unmount.get("Attributes").get("container").asText());
            assertEquals("local", unmount.get("Attributes").get("driver").asText());
        }
    }

    @Test
    void theDockerCliFollowsNewEventsOfAnotherBerthOnTheHome() throws Exception {
        DockerCli docker = docker();
        Process events = docker.start("events", "--filter", "container=followed", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
            Thread.sleep(500); // the CLI connects and asks; events before that are not its to see
            try (Berth other = Berth.builder().home(dir.resolve("home")).build();
                    Container c = other.container(BusyboxImage.REFERENCE).name("followed").command("true").start()) {
                c.waitFor();
            }
            List<String> seen = new ArrayList<>();
            while (seen.size() < 4) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                seen.add(line);
            }
            assertEquals(List.of("container create followed", "container start followed", "container die followed",
                    "container destroy followed"), seen);
        } finally {
            events.destroy();
            events.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
