package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose (Debian's v1.29) unchanged against {@code berth serve}: {@code up -d} of two
 * services on a network of their own, one publishing a port and depending on the other, sharing a
 * named volume; then a check through the port and between the services by name; then
 * {@code down -v}, which leaves no container, network or volume.
 */
@RequiresRoot("berth serve runs containers")
class DockerComposeTest {
    private static final String PROJECT = "berthclients";
    private static final String FILE = """
            version: "3.8"
            services:
              seed:
                image: localhost/berth-demo
                command: ["sh", "-c", "echo seeded-by-compose > /www/index.html; echo seeded; exec sleep 300"]
                volumes:
                  - site:/www
                networks: [back]
              web:
                image: localhost/berth-demo
                command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
                depends_on: [seed]
                ports:
                  - "127.0.0.1::8080"
                volumes:
                  - site:/www
                networks: [back]
            networks:
              back: {}
            volumes:
              site: {}
            """;

    @Test
    void upCheckDown(@TempDir Path dir) throws Exception {
        HostCommand.assume(HostCommand.COMPOSE, "docker-compose");
        HostCommand.assume(HostCommand.DOCKER, "docker.io");
        Path home = dir.resolve("home");
        Cli berth = new Cli(home);
        assertEquals(0, berth.run("demo").code());
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("docker-compose.yml"), FILE);
        try (ServedBerth served = ServedBerth.start(home, dir.resolve("run/docker.sock"))) {
            HostCommand sh = new HostCommand(Map.of("DOCKER_HOST", served.dockerHost(),
                    "DOCKER_CONFIG", dir.resolve("docker-config").toString()), project);
            try {
                Cli.Result up = sh.run(HostCommand.COMPOSE, "-p", PROJECT, "up", "-d");
                assertEquals(0, up.code(), up + served.log());

                String ps = sh.run(HostCommand.COMPOSE, "-p", PROJECT, "ps").out();
                assertTrue(ps.lines().filter(l -> l.startsWith(PROJECT + "_") && l.contains(" Up ")).count() == 2, ps);

                Cli.Result port = sh.run(HostCommand.COMPOSE, "-p", PROJECT, "port", "web", "8080");
                assertEquals(0, port.code(), port.toString());
                String address = port.out().strip();
                assertTrue(address.matches("127\\.0\\.0\\.1:[0-9]+"), port.toString());
                assertEquals("seeded-by-compose\n", DockerCliTest.awaitPage("http://" + address + "/index.html"));

                // seed started first, and still finds web by name on their network.
                // nc, not wget: Debian 12's busybox-static wget crashes (SIGSEGV), on the host too.
                Cli.Result byName = sh.run(HostCommand.COMPOSE, "-p", PROJECT, "exec", "-T", "seed", "sh", "-c",
                        "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 10 web 8080");
                assertEquals(0, byName.code(), byName.toString());
                assertTrue(byName.out().endsWith("\r\n\r\nseeded-by-compose\n"), byName.toString());
                Cli.Result logs = sh.run(HostCommand.COMPOSE, "-p", PROJECT, "logs", "--no-color", "seed");
                assertTrue(logs.out().contains("seeded"), logs.toString());
            } finally {
                Cli.Result down = sh.run(HostCommand.COMPOSE, "-p", PROJECT, "down", "-v", "--timeout", "2");
                assertEquals(0, down.code(), down + served.log());
            }
            String docker = HostCommand.DOCKER;
            assertEquals("", sh.run(docker, "ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT).out());
            assertEquals(1, sh.run(docker, "network", "inspect", PROJECT + "_back").code(), "down removed the network");
            assertEquals(1, sh.run(docker, "volume", "inspect", PROJECT + "_site").code(), "down -v removed the volume");
        } finally {
            for (String id : berth.run("ps", "-a", "-q").out().split("\\s+")) {
                if (!id.isBlank()) {
                    berth.run("rm", "-f", id);
                }
            }
        }
    }
}
