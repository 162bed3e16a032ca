package dev.berth.dockerapi.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.BusyboxContainers;
import dev.berth.Container;
import dev.berth.Image;
import dev.berth.dockerapi.DockerApiServer;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.testing.SocketClient;
import dev.berth.registry.testing.LocalRegistryExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The images endpoints over the real socket, as docker-java and the CLI call them. */
class ImageRoutesTest extends BusyboxContainers {
    @RegisterExtension
    static final LocalRegistryExtension LOGIN = LocalRegistryExtension.htpasswd("erin", "erin-pw");

    @TempDir
    Path dir;

    private DockerApiServer server;
    private SocketClient client;

    @BeforeEach
    void serve() throws Exception {
        server = DockerApiServer.start(berth, dir.resolve("docker.sock"));
        client = new SocketClient(dir.resolve("docker.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void listAndInspectShowNamesAsWrittenAndDockersFields() throws Exception {
        Image image = berth.image(IMAGE);
        JsonNode list = json(get("/v1.41/images/json?filters=" + enc("{\"reference\":[\"berth.test/busybox\"]}")));
        assertEquals(1, list.size(), list.toString());
        JsonNode entry = list.get(0);
        assertEquals(image.id(), entry.get("Id").asText());
        assertEquals("[\"berth.test/busybox:1\"]", entry.get("RepoTags").toString());
        assertEquals("[]", entry.get("RepoDigests").toString(), "stored from an archive, not pulled: none, as dockerd");
        assertTrue(entry.get("Created").isNumber() && entry.get("Size").asLong() > 0, entry.toString());
        assertEquals(entry.get("Size"), entry.get("VirtualSize"), "VirtualSize before 1.44");
        assertEquals("image", entry.get("Labels").get("org.example.origin").asText());
        assertFalse(json(get("/v1.44/images/json")).get(0).has("VirtualSize"));
        assertEquals(1, json(get("/v1.32/images/json?filter=berth.test/busy*")).size(), "the legacy filter parameter");
        assertEquals(0, json(get("/images/json?filters=" + enc("{\"label\":{\"org.example.origin=other\":true}}"))).size());
        assertEquals(0, json(get("/images/json?filters=" + enc("{\"dangling\":[\"true\"]}"))).size());
        assertEquals(400, get("/images/json?filters=" + enc("{\"bogus\":[\"x\"]}")).status());

        for (String name : List.of(IMAGE, image.id(), image.id().substring(7, 19), "sha256:" + image.id().substring(7, 19),
                "berth.test/busybox@" + image.digest())) {
            JsonNode inspect = json(get("/v1.41/images/" + name + "/json"));
            assertEquals(image.id(), inspect.get("Id").asText(), name);
        }
        JsonNode inspect = json(get("/images/" + IMAGE + "/json"));
        assertEquals("[\"berth.test/busybox:1\"]", inspect.get("RepoTags").toString());
        assertEquals("{\"8080/tcp\":{}}", inspect.get("Config").get("ExposedPorts").toString());
        assertEquals("[\"sh\"]", inspect.get("Config").get("Cmd").toString());
        assertEquals("user", inspect.get("Config").get("User").asText());
        assertEquals("overlay2", inspect.get("GraphDriver").get("Name").asText());
        try (Container c = berth.container(IMAGE).command("true").start()) {
            c.waitFor(); // unpacks the layer
        }
        inspect = json(get("/images/" + IMAGE + "/json"));
        String upper = inspect.get("GraphDriver").get("Data").get("UpperDir").asText();
        assertTrue(java.nio.file.Files.isDirectory(Path.of(upper).resolve("bin")), "the unpacked busybox layer: " + inspect.get("GraphDriver"));
        assertFalse(inspect.get("GraphDriver").get("Data").has("LowerDir"), "one layer: no lower ones, as dockerd");
        assertEquals("layers", inspect.get("RootFS").get("Type").asText());
        assertEquals(1, inspect.get("RootFS").get("Layers").size());
        assertEquals("linux", inspect.get("Os").asText());
        SocketClient.Response missing = get("/images/nosuch:1/json");
        assertEquals(404, missing.status());
        assertEquals("No such image: nosuch:1", json(missing).get("message").asText());
        JsonNode history = json(get("/images/" + IMAGE + "/history"));
        assertEquals(image.id(), history.get(0).get("Id").asText());
        assertEquals("[\"berth.test/busybox:1\"]", history.get(0).get("Tags").toString());
    }

    @Test
    void commitWithAnEmptyBodyThenRemovalNeedsForceWhileAContainerUsesTheImage() throws Exception {
        try (Container c = berth.container(IMAGE).user("root").command("sh", "-c", "echo x > /srv/x").start()) {
            c.waitFor();
            SocketClient.Response untagged = client.request("POST", "/v1.41/commit?container=" + c.name(), Map.of(), null);
            assertEquals(201, untagged.status(), untagged.text());
            String untaggedId = json(untagged).get("Id").asText();
            assertEquals("[]", json(get("/images/" + untaggedId + "/json")).get("RepoTags").toString());

            byte[] body = "{\"Cmd\":[\"cat\",\"/srv/x\"],\"Labels\":{\"committed\":\"yes\"},\"Env\":[\"FROM_BODY=1\"]}"
                    .getBytes(StandardCharsets.UTF_8);
            SocketClient.Response tagged = client.request("POST", "/commit?container=" + c.id().substring(0, 12)
                    + "&repo=api/committed&comment=msg&changes=" + enc("EXPOSE 7000\nLABEL second=two"),
                    Map.of("Content-Type", "application/json"), body);
            assertEquals(201, tagged.status(), tagged.text());
            JsonNode config = json(get("/images/api/committed/json")).get("Config");
            assertEquals("[\"cat\",\"/srv/x\"]", config.get("Cmd").toString());
            assertEquals("yes", config.get("Labels").get("committed").asText());
            assertEquals("two", config.get("Labels").get("second").asText());
            assertTrue(config.get("ExposedPorts").has("7000/tcp"), config.toString());
            assertTrue(config.get("Env").toString().contains("FROM_BODY=1"), config.toString());
            assertEquals(404, client.request("POST", "/commit?container=nosuch", Map.of(), null).status());
            assertEquals(400, client.request("POST", "/commit?container=" + c.id() + "&changes=" + enc("RUN true"),
                    Map.of(), null).status());

            berth.container("api/committed").command("true").start().waitFor();
            SocketClient.Response conflict = client.request("DELETE", "/images/api/committed", Map.of(), null);
            assertEquals(409, conflict.status(), conflict.text());
            assertTrue(json(conflict).get("message").asText().startsWith("conflict: unable to remove repository reference"));
            SocketClient.Response forced = client.request("DELETE", "/images/api/committed?force=1", Map.of(), null);
            assertEquals(200, forced.status(), forced.text());
            assertEquals("[{\"Untagged\":\"api/committed:latest\"}]", forced.text());
            SocketClient.Response deleted = client.request("DELETE", "/images/" + untaggedId, Map.of(), null);
            assertEquals("[{\"Deleted\":\"" + untaggedId + "\"}]", deleted.text());
            assertEquals(404, client.request("DELETE", "/images/" + untaggedId, Map.of(), null).status());
        }
    }

    @Test
    void pruneTakesDanglingAndLabelFilters() throws Exception {
        berth.imageBuilder().from(IMAGE).label("prune", "me").build("api/prune-a:1");
        berth.imageBuilder().from(IMAGE).label("prune", "keep").build("api/prune-b:1");
        JsonNode dangling = json(client.request("POST", "/images/prune?filters=" + enc("{\"label\":[\"prune=me\"]}"), Map.of(), null));
        assertTrue(dangling.path("ImagesDeleted").isMissingNode(), "only dangling images by default: " + dangling);
        JsonNode pruned = json(client.request("POST", "/images/prune?filters="
                + enc("{\"dangling\":[\"false\"],\"label\":[\"prune=me\"]}"), Map.of(), null));
        assertEquals("api/prune-a:1", pruned.get("ImagesDeleted").get(0).get("Untagged").asText(), pruned.toString());
        assertTrue(pruned.get("ImagesDeleted").get(1).get("Deleted").asText().startsWith("sha256:"));
        assertTrue(pruned.get("SpaceReclaimed").asLong() > 0);
        JsonNode until = json(client.request("POST", "/images/prune?filters="
                + enc("{\"dangling\":[\"false\"],\"label!\":[\"org.example.origin=image\"],\"until\":[\"1h\"]}"), Map.of(), null));
        assertTrue(until.path("ImagesDeleted").isMissingNode(), "built just now, not before 1h ago: " + until);
        assertEquals(200, client.request("DELETE", "/images/api/prune-b:1", Map.of(), null).status());
    }

    @Test
    void pullAndPushUseXRegistryAuthAndStreamProgress() throws Exception {
        String repo = LOGIN.host() + "/api/busybox";
        // An image with a layer of its own, which the pull then downloads; the busybox layer the store keeps.
        berth.imageBuilder().from(IMAGE).user("root").run("echo own > /own").build(repo + ":auth");
        String auth = Base64.getUrlEncoder().encodeToString(("{\"username\":\"erin\",\"password\":\"erin-pw\",\"serveraddress\":\""
                + LOGIN.host() + "\"}").getBytes(StandardCharsets.UTF_8));
        String anonymous = Base64.getUrlEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8));
        List<JsonNode> refused = lines(client.request("POST", "/images/" + repo + "/push?tag=auth",
                Map.of("X-Registry-Auth", anonymous), null));
        assertTrue(refused.get(refused.size() - 1).has("errorDetail"), refused.toString());
        List<JsonNode> push = lines(client.request("POST", "/images/" + repo + "/push?tag=auth", Map.of("X-Registry-Auth", auth), null));
        assertEquals("The push refers to repository [" + repo + "]", push.get(0).get("status").asText());
        assertTrue(push.stream().anyMatch(l -> l.path("status").asText().equals("Pushed")), push.toString());
        String digest = berth.image(repo + ":auth").digest();
        assertEquals("[\"" + repo + "@" + digest + "\"]", json(get("/v1.41/images/" + repo + ":auth/json")).get("RepoDigests")
                .toString(), "a pushed image has the repository's digest");
        assertEquals(2, push.stream().filter(l -> l.path("status").asText().equals("Preparing")).count(),
                "one line per layer, none for the config: " + push);
        assertEquals(digest, push.get(push.size() - 1).get("aux").get("Digest").asText());

        berth.images().remove(repo + ":auth", false);
        List<JsonNode> pull = lines(client.request("POST", "/images/create?fromImage=" + repo + "&tag=auth",
                Map.of("X-Registry-Auth", auth), null));
        assertEquals("Pulling from api/busybox", pull.get(0).get("status").asText());
        assertEquals("auth", pull.get(0).get("id").asText());
        assertTrue(pull.stream().anyMatch(l -> l.path("status").asText().equals("Pulling fs layer")), pull.toString());
        assertTrue(pull.stream().anyMatch(l -> l.path("status").asText().equals("Pull complete")), pull.toString());
        assertTrue(pull.stream().anyMatch(l -> l.path("status").asText().equals("Already exists")), pull.toString());
        assertEquals("Digest: " + digest, pull.get(pull.size() - 2).get("status").asText());
        assertEquals("Status: Downloaded newer image for " + repo + ":auth", pull.get(pull.size() - 1).get("status").asText());
        assertEquals("[\"" + repo + "@" + digest + "\"]", json(get("/v1.41/images/" + repo + ":auth/json")).get("RepoDigests")
                .toString(), "a pulled image has the repository's digest");
        List<JsonNode> again = lines(client.request("POST", "/images/create?fromImage=" + repo + ":auth",
                Map.of("X-Registry-Auth", auth), null));
        assertEquals("Status: Image is up to date for " + repo + ":auth", again.get(again.size() - 1).get("status").asText());
        SocketClient.Response missing = client.request("POST", "/images/create?fromImage=" + LOGIN.host() + "/api/nosuch&tag=1",
                Map.of("X-Registry-Auth", auth), null);
        assertEquals(404, missing.status(), missing.text());
        assertEquals(404, client.request("POST", "/images/nosuch/push?tag=1", Map.of(), null).status());
        berth.images().remove(repo + ":auth", false);
    }

    @Test
    void sizesAreTheUnpackedContentAsDockerdCountsItAndOnlyRegistryImagesHaveRepoDigests() throws Exception {
        berth.imageBuilder().from(IMAGE).user("root")
                .run("mkdir /d && head -c 5000 /dev/zero > /d/f && ln -s f /d/l1 && ln -s ff /d/l2").build("api/sized:1");
        JsonNode history = json(get("/v1.41/images/api/sized:1/history"));
        assertEquals(5000 + 1 + 2, history.get(0).get("Size").asLong(), "file bytes and symlink targets: " + history);
        long sum = 0;
        for (JsonNode h : history) {
            sum += h.get("Size").asLong();
        }
        JsonNode inspect = json(get("/v1.41/images/api/sized:1/json"));
        assertEquals(sum, inspect.get("Size").asLong(), "an image's size is its layers' sizes");
        JsonNode listed = json(get("/v1.41/images/json?filters=" + enc("{\"reference\":[\"api/sized:1\"]}"))).get(0);
        assertEquals(sum, listed.get("Size").asLong());
        assertEquals("[]", listed.get("RepoDigests").toString(), "a built image has no repository digest");

        // saved and loaded: still none, as dockerd (only a pull or a push gives one)
        byte[] saved = get("/images/get?names=api/sized:1").body();
        berth.images().remove("api/sized:1", false);
        assertEquals(200, client.request("POST", "/images/load?quiet=1", Map.of(), saved).status());
        assertEquals("[]", json(get("/v1.41/images/api/sized:1/json")).get("RepoDigests").toString());
        berth.images().remove("api/sized:1", false);
    }

    @Test
    void buildPullsBasesWithXRegistryConfigAndHonoursPullAndNocache() throws Exception {
        String base = LOGIN.host() + "/api/base:1";
        String auth = Base64.getUrlEncoder().encodeToString(("{\"username\":\"erin\",\"password\":\"erin-pw\",\"serveraddress\":\""
                + LOGIN.host() + "\"}").getBytes(StandardCharsets.UTF_8));
        // X-Registry-Config as the docker CLI sends it: each registry's credentials, keyed by its address
        String config = Base64.getUrlEncoder().encodeToString(("{\"http://" + LOGIN.host() + "\":{\"username\":\"erin\","
                + "\"password\":\"erin-pw\"}}").getBytes(StandardCharsets.UTF_8));
        pushBase(base, "one", auth);
        byte[] context = tar(Map.of("Dockerfile", "FROM " + base + "\nRUN cat /which\n"));

        List<JsonNode> refused = lines(client.request("POST", "/v1.41/build?t=api/on-base:1", Map.of(), context));
        assertTrue(refused.get(refused.size() - 1).has("errorDetail"), "no credentials for the base's registry: " + refused);
        List<String> first = streams(client.request("POST", "/v1.41/build?t=api/on-base:1",
                Map.of("X-Registry-Config", config), context));
        assertTrue(first.contains("one\n"), first.toString());
        List<String> cached = streams(client.request("POST", "/v1.41/build?t=api/on-base:1", Map.of(), context));
        assertTrue(cached.contains(" ---> Using cache\n"), cached.toString());
        List<String> uncached = streams(client.request("POST", "/v1.41/build?t=api/on-base:1&nocache=1", Map.of(), context));
        assertFalse(uncached.contains(" ---> Using cache\n"), "nocache runs every step again: " + uncached);
        assertTrue(uncached.contains("one\n"), uncached.toString());

        berth.tag(berth.image(base), "api/kept:1");
        pushBase(base, "two", auth); // the registry's tag moves on; the store keeps the base it has
        berth.tag(berth.image("api/kept:1"), base);
        assertTrue(streams(client.request("POST", "/v1.41/build?t=api/on-base:1&nocache=1", Map.of(), context))
                .contains("one\n"), "without pull the stored base is used");
        List<String> pulled = streams(client.request("POST", "/v1.41/build?t=api/on-base:1&pull=1",
                Map.of("X-Registry-Config", config), context));
        assertTrue(pulled.contains("two\n"), "pull=1 fetches the base again: " + pulled);
        berth.images().remove("api/on-base:1", false);
        berth.images().remove("api/kept:1", false);
        berth.images().remove(base, false);
    }

    /** Pushes an image whose /which says {@code which} as {@code base}, then removes it from the store. */
    private void pushBase(String base, String which, String auth) throws Exception {
        berth.imageBuilder().from(IMAGE).user("root").run("echo " + which + " > /which").build(base);
        List<JsonNode> push = lines(client.request("POST", "/images/" + base.substring(0, base.lastIndexOf(':')) + "/push?tag="
                + base.substring(base.lastIndexOf(':') + 1), Map.of("X-Registry-Auth", auth), null));
        assertTrue(push.stream().noneMatch(l -> l.has("errorDetail")), push.toString());
        berth.images().remove(base, false);
    }

    private List<String> streams(SocketClient.Response r) throws Exception {
        List<JsonNode> lines = lines(r);
        assertTrue(lines.stream().noneMatch(l -> l.has("errorDetail")), lines.toString());
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.path("stream").asText()));
        return out;
    }

    @Test
    void buildStreamsTheDockerfileChecksWithTheBasesEnv() throws Exception {
        // PATH comes from the base image's config; $nope is defined nowhere (#18 item 6).
        List<String> streams = streams(client.request("POST", "/build?t=api/checked:1", Map.of(),
                tar(Map.of("Dockerfile", "FROM " + IMAGE + "\nENV PATH=$PATH:/x\nWORKDIR /$nope\n"))));
        assertEquals(List.of("[WARNING]: UndefinedVar: Usage of undefined variable '$nope' (line 3)\n"),
                streams.stream().filter(s -> s.startsWith("[WARNING]")).toList(), streams.toString());
    }

    @Test
    void buildStreamsProgressAndErrorsAndSaveAndLoadRoundTrip() throws Exception {
        byte[] context = tar(Map.of("Dockerfile", "FROM " + IMAGE + "\nARG MSG\nRUN echo \"said $MSG\"\nLABEL a=b\n"));
        List<JsonNode> build = lines(client.request("POST", "/v1.41/build?t=api/built:1&t=api/built:2&buildargs="
                + enc("{\"MSG\":\"hi\"}") + "&labels=" + enc("{\"l\":\"v\"}") + "&rm=1&forcerm=1&nocache=1&pull=0",
                Map.of("Content-Type", "application/x-tar", "X-Registry-Config", "e30="), context));
        List<String> streams = new ArrayList<>();
        build.forEach(l -> streams.add(l.path("stream").asText()));
        assertEquals("Step 1/5 : FROM " + IMAGE + "\n", streams.get(0), build.toString());
        assertEquals("Step 5/5 : LABEL l=v\n", streams.get(5), build.toString());
        assertTrue(streams.contains("said hi\n"), streams.toString());
        String id = build.stream().filter(l -> l.has("aux")).findFirst().orElseThrow().get("aux").get("ID").asText();
        assertTrue(streams.contains("Successfully built " + id.substring(7, 19) + "\n"), streams.toString());
        assertTrue(streams.contains("Successfully tagged api/built:2\n"), streams.toString());
        assertEquals("v", berth.image("api/built:2").labels().get("l"));

        List<JsonNode> failed = lines(client.request("POST", "/build?q=1", Map.of(),
                tar(Map.of("Dockerfile", "FROM " + IMAGE + "\nRUN exit 3\n"))));
        JsonNode last = failed.get(failed.size() - 1);
        assertTrue(last.get("error").asText().contains("exit code 3"), failed.toString());
        assertEquals(last.get("error"), last.get("errorDetail").get("message"));
        SocketClient.Response noDockerfile = client.request("POST", "/build?dockerfile=nope", Map.of(), tar(Map.of("a", "b")));
        assertEquals(400, noDockerfile.status());
        assertEquals("Cannot locate specified Dockerfile: nope", json(noDockerfile).get("message").asText());

        SocketClient.Response saved = get("/images/get?names=api/built:1&names=" + IMAGE);
        assertEquals(200, saved.status());
        assertEquals("application/x-tar", saved.header("Content-Type"));
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new java.io.ByteArrayInputStream(saved.body()))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertTrue(names.contains("manifest.json"), names.toString());
        assertEquals(404, get("/images/get?names=nosuch:1").status());
        assertEquals(200, client.request("DELETE", "/images/api/built:1", Map.of(), null).status());
        assertEquals(200, client.request("DELETE", "/images/api/built:2", Map.of(), null).status());
        List<JsonNode> loaded = lines(client.request("POST", "/images/load?quiet=1", Map.of(), saved.body()));
        assertTrue(loaded.stream().anyMatch(l -> l.get("stream").asText().equals("Loaded image: api/built:1\n")), loaded.toString());
        assertEquals(id, berth.image("api/built:1").id());
        assertEquals(400, client.request("POST", "/images/load", Map.of(), "not a tar".getBytes()).status());
        berth.images().remove("api/built:1", false);
        SocketClient.Response tagMissing = client.request("POST", "/images/" + IMAGE + "/tag", Map.of(), null);
        assertEquals(400, tagMissing.status());
        assertNull(null);
    }

    @Test
    void systemDfListsContainersAsContainersJsonDoes() throws Exception {
        try (Container c = berth.container(IMAGE).label("df", "yes").command("sh", "-c", "echo out; exit 3").create()) {
            JsonNode df = json(get("/v1.41/system/df"));
            JsonNode entry = null;
            for (JsonNode e : df.get("Containers")) {
                if (e.get("Id").asText().equals(c.id())) {
                    entry = e;
                }
            }
            assertTrue(entry != null, df.toString());
            assertEquals("created", entry.get("State").asText(), entry.toString());
            assertEquals("Created", entry.get("Status").asText(), entry.toString());
            assertTrue(entry.get("Created").asLong() > 1_600_000_000L, "a real creation time: " + entry);
            assertTrue(entry.get("Command").asText().endsWith("sh -c 'echo out; exit 3'"), entry.toString());
            assertFalse(entry.get("ImageID").asText().isEmpty(), entry.toString());
            assertTrue(entry.has("SizeRootFs"), entry.toString());
            assertFalse(entry.has("SizeRw"), "dockerd omits a zero SizeRw: " + entry);
            JsonNode listed = null;
            for (JsonNode e : json(get("/v1.41/containers/json?all=1"))) {
                if (e.get("Id").asText().equals(c.id())) {
                    listed = e;
                }
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) entry).remove(List.of("SizeRw", "SizeRootFs"));
            assertEquals(listed, entry, "the same entry as GET /containers/json");
        }
    }

    @Test
    void inspectCopiesTheContainerConfigADockerBuiltImageRecords() throws Exception {
        byte[] saved = get("/images/" + IMAGE + "/get").body();
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        List<Map.Entry<TarArchiveEntry, byte[]>> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(saved))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(Map.entry(e, in.readAllBytes()));
            }
        }
        JsonNode manifest = JsonCodec.MAPPER.readTree(entries.stream().filter(e -> e.getKey().getName().equals("manifest.json"))
                .findFirst().orElseThrow().getValue());
        String configName = manifest.get(0).get("Config").asText();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(edited)) {
            for (Map.Entry<TarArchiveEntry, byte[]> e : entries) {
                byte[] bytes = e.getValue();
                if (e.getKey().getName().equals(configName)) {
                    var config = (com.fasterxml.jackson.databind.node.ObjectNode) JsonCodec.MAPPER.readTree(bytes);
                    config.set("container_config", JsonCodec.MAPPER.readTree("{\"Cmd\":[\"/bin/sh\",\"-c\",\"#(nop) LABEL cc=1\"],"
                            + "\"Labels\":{\"cc\":\"1\"}}"));
                    bytes = JsonCodec.MAPPER.writeValueAsBytes(config);
                } else if (e.getKey().getName().equals("manifest.json")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get(0)).set("RepoTags",
                            JsonCodec.MAPPER.readTree("[\"api/cc:1\"]"));
                    bytes = JsonCodec.MAPPER.writeValueAsBytes(manifest);
                }
                TarArchiveEntry copy = new TarArchiveEntry(e.getKey().getName());
                copy.setMode(e.getKey().getMode());
                copy.setSize(e.getKey().isDirectory() ? 0 : bytes.length);
                out.putArchiveEntry(copy);
                if (!e.getKey().isDirectory()) {
                    out.write(bytes);
                }
                out.closeArchiveEntry();
            }
        }
        assertEquals(200, client.request("POST", "/images/load?quiet=1", Map.of(), edited.toByteArray()).status());
        try {
            JsonNode cc = json(get("/v1.41/images/api/cc:1/json")).get("ContainerConfig");
            assertEquals("[\"/bin/sh\",\"-c\",\"#(nop) LABEL cc=1\"]", cc.get("Cmd").toString(), cc.toString());
            assertEquals("1", cc.get("Labels").get("cc").asText(), cc.toString());
            assertEquals("", cc.get("Hostname").asText(), "dockerd's keys stay: " + cc);
            assertTrue(json(get("/v1.41/images/" + IMAGE + "/json")).get("ContainerConfig").get("Cmd").isNull(),
                    "none recorded: dockerd's empty config");
        } finally {
            berth.images().remove("api/cc:1", true);
        }
    }

    private SocketClient.Response get(String path) throws IOException {
        return client.request("GET", path);
    }

    private static JsonNode json(SocketClient.Response r) throws IOException {
        return JsonCodec.MAPPER.readTree(r.body());
    }

    private static List<JsonNode> lines(SocketClient.Response r) throws IOException {
        assertEquals(200, r.status(), r.text());
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            if (!line.isBlank()) {
                out.add(JsonCodec.MAPPER.readTree(line));
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
