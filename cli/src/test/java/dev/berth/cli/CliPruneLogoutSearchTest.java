package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code container prune} and {@code image prune} (docker's question, {@code -f}, {@code -a},
 * {@code --filter}, {@code Total reclaimed space}), {@code logout} and {@code search} (a registry
 * with docker's v1 search API, one without it) as docker prints them. Needs root (containers).
 */
@RequiresRoot("the CLI runs containers")
class CliPruneLogoutSearchTest {
    private static final String IMAGE = "localhost/berth-demo";
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void buildTheDemoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-prune");
        berth = new Cli(home);
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "p-kept", "p-labelled", "p-plain", "p-running");
            FileTrees.delete(home);
        }
    }

    @Test
    void containerPruneAsksThenRemovesTheStoppedContainersTheFiltersSelect() throws Exception {
        assertEquals(0, berth.run("run", "--name", "p-labelled", "--label", "tier=test", IMAGE, "sh", "-c", "printf 12345 > /f").code());
        assertEquals(0, berth.run("run", "--name", "p-plain", IMAGE, "true").code());
        assertEquals(0, berth.run("run", "-d", "--name", "p-running", IMAGE, "sleep", "60").code());
        String labelled = berth.run("inspect", "-f", "{{.Id}}", "p-labelled").out();
        String plain = berth.run("inspect", "-f", "{{.Id}}", "p-plain").out();

        assertEquals(new Cli.Result(0, ContainerPruneCommand.WARNING + "\nAre you sure you want to continue? [y/N] ", ""),
                berth.runWithInput("n\n", "container", "prune"));
        assertEquals(new Cli.Result(0, "Total reclaimed space: 0B\n", ""),
                berth.run("container", "prune", "-f", "--filter", "until=1h"));
        assertEquals(new Cli.Result(0, "Deleted Containers:\n" + labelled + "\nTotal reclaimed space: 5B\n", ""),
                berth.run("container", "prune", "-f", "--filter", "label=tier=test"));
        assertEquals(new Cli.Result(0, ContainerPruneCommand.WARNING + "\nAre you sure you want to continue? [y/N] "
                + "Deleted Containers:\n" + plain + "\nTotal reclaimed space: 0B\n", ""), berth.runWithInput("y\n", "container", "prune"));
        assertEquals(new Cli.Result(0, "p-running\n", ""), berth.run("ps", "-a", "--format", "{{.Names}}"));
        assertEquals(new Cli.Result(1, "", "berth: bad format of filter (expected name=value): bad\n"),
                berth.run("container", "prune", "-f", "--filter", "bad"));
        assertEquals(0, berth.run("rm", "-f", "p-running").code());
    }

    @Test
    void imagePruneAllRemovesUnusedImagesTheFiltersSelect(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM " + IMAGE + "\nLABEL prune=me\n");
        assertEquals(0, berth.run("build", "-q", "-t", "p-img:1", context.toString()).code());
        String id = berth.run("inspect", "-f", "{{.Id}}", "p-img:1").out().strip();
        assertEquals(new Cli.Result(0, ImagePruneCommand.ALL + "\nAre you sure you want to continue? [y/N] ", ""),
                berth.runWithInput("n\n", "image", "prune", "-a"));
        // the demo image has no such label: it stays
        Cli.Result pruned = berth.run("image", "prune", "-a", "-f", "--filter", "label=prune=me");
        assertEquals(0, pruned.code(), pruned.toString());
        assertTrue(pruned.out().startsWith("Deleted Images:\nuntagged: p-img:1\ndeleted: " + id + "\n\nTotal reclaimed space: "),
                pruned.toString());
        assertEquals(new Cli.Result(0, IMAGE + "\n", ""), berth.run("images", "--format", "{{.Repository}}"));
        Cli.Result dangling = berth.run("image", "prune", "-f");
        assertEquals(new Cli.Result(0, "Total reclaimed space: 0B\n", ""), dangling);
    }

    @Test
    void logoutRemovesOnlyThatRegistrysCredentials(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5999\":{\"auth\":\"YTpi\"},"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"YTpi\"}},\"psFormat\":\"x\"}");
        Cli withConfig = new Cli(home, Map.of("DOCKER_CONFIG", config.toString()));
        assertEquals(new Cli.Result(0, "Removing login credentials for 127.0.0.1:5999\n", ""),
                withConfig.run("logout", "http://127.0.0.1:5999"));
        String left = Files.readString(config.resolve("config.json"));
        assertTrue(!left.contains("5999") && left.contains("index.docker.io") && left.contains("psFormat"), left);
        assertEquals(new Cli.Result(0, "Removing login credentials for https://index.docker.io/v1/\n", ""), withConfig.run("logout"));
        assertTrue(!Files.readString(config.resolve("config.json")).contains("YTpi"));
        // not logged in: docker says the same and succeeds
        assertEquals(new Cli.Result(0, "Removing login credentials for 127.0.0.1:5998\n", ""), withConfig.run("logout", "127.0.0.1:5998"));
    }

    @Test
    void searchPrintsDockersTableOrSaysTheRegistryHasNoSearch() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/search", x -> {
            byte[] body = ("{\"num_results\":2,\"query\":\"demo\",\"results\":[{\"name\":\"library/demo\",\"description\":"
                    + "\"A demo image whose description is longer than forty-five characters\",\"star_count\":12,"
                    + "\"is_official\":true},{\"name\":\"ann/demo\",\"description\":\"\",\"star_count\":0,\"is_official\":false}]}")
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals("q=demo&n=25", x.getRequestURI().getRawQuery());
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        HttpServer without = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        without.createContext("/", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
        without.start();
        try {
            // docker's Ellipsis: 45 characters at most, the last an ellipsis
            assertEquals(new Cli.Result(0, """
                    NAME           DESCRIPTION                                     STARS     OFFICIAL
                    library/demo   A demo image whose description is longer tha…   12        [OK]
                    ann/demo                                                       0
                    """, ""), berth.run("search", "127.0.0.1:" + server.getAddress().getPort() + "/demo"));
            String registry = "127.0.0.1:" + without.getAddress().getPort();
            assertEquals(new Cli.Result(1, "", "berth: search: " + registry + " has no search API (GET /v1/search answered 404);"
                    + " registries of the OCI distribution spec have none, only Docker Hub's index has\n"),
                    berth.run("search", registry + "/demo"));
        } finally {
            server.stop(0);
            without.stop(0);
        }
    }
}
