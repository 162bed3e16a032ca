package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.namespaces.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Published ports can be found as docker shows them: the {@code PORTS} column of {@code ps},
 * {@code port CONTAINER [PRIVATE_PORT[/PROTO]]} and {@code NetworkSettings.Ports} of
 * {@code inspect}. A bridge test: run it under {@code flock /tmp/berth-net.lock}.
 */
@RequiresRoot("publishing needs the bridge network")
class CliPortTest {
    @Test
    void publishedPortsAreInPsPortAndInspect(@TempDir Path dir) throws Exception {
        Cli berth = new Cli(dir.resolve("home"));
        assertEquals(0, berth.run("demo").code());
        Cli.Result started = berth.run("run", "-d", "--name", "pub", "-p", "8080", "-p", "9090/udp", "-p", "127.0.0.1::7070",
                "localhost/berth-demo", "sleep", "300");
        assertEquals(0, started.code(), started.toString());
        try {
            Cli.Result ps = berth.run("ps");
            assertTrue(ps.out().startsWith("CONTAINER ID   IMAGE   "), ps.toString());
            assertTrue(ps.out().lines().findFirst().orElseThrow().matches(".*STATUS +PORTS +NAMES"), ps.toString());
            Matcher row = Pattern.compile("127\\.0\\.0\\.1:([0-9]+)->7070/tcp, 0\\.0\\.0\\.0:([0-9]+)->8080/tcp, "
                    + "0\\.0\\.0\\.0:([0-9]+)->9090/udp +pub").matcher(ps.out());
            assertTrue(row.find(), ps.toString());
            String loopback = row.group(1);
            String tcp = row.group(2);
            String udp = row.group(3);

            Cli.Result all = berth.run("port", "pub");
            assertEquals(0, all.code(), all.toString());
            assertEquals("7070/tcp -> 127.0.0.1:" + loopback + "\n8080/tcp -> 0.0.0.0:" + tcp + "\n9090/udp -> 0.0.0.0:" + udp + "\n",
                    all.out());
            assertEquals("127.0.0.1:" + loopback + "\n", berth.run("port", "pub", "7070").out());
            assertEquals("0.0.0.0:" + tcp + "\n", berth.run("port", "pub", "8080").out());
            assertEquals("0.0.0.0:" + tcp + "\n", berth.run("port", "pub", "8080/tcp").out());
            assertEquals("0.0.0.0:" + udp + "\n", berth.run("port", "pub", "9090/udp").out());
            Cli.Result none = berth.run("port", "pub", "9090");
            assertEquals(1, none.code(), none.toString());
            assertEquals("Error: No public port '9090/tcp' published for pub\n", none.err());

            JsonNode ports = new ObjectMapper().readTree(berth.run("inspect", "pub").out()).get(0).at("/NetworkSettings/Ports");
            assertEquals("0.0.0.0", ports.at("/8080~1tcp/0/HostIp").asText(), ports.toString());
            assertEquals(tcp, ports.at("/8080~1tcp/0/HostPort").asText(), ports.toString());
            assertEquals(udp, ports.at("/9090~1udp/0/HostPort").asText(), ports.toString());

            assertEquals(0, berth.run("stop", "-t", "1", "pub").code());
            assertEquals("", berth.run("port", "pub").out(), "an exited container keeps no ports, as docker's");
        } finally {
            berth.run("rm", "-f", "pub");
        }
    }
}
