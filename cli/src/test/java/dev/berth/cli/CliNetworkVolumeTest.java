package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code berth network} and {@code berth volume}, and {@code berth port}: docker's tables,
 * messages and exit codes, as separate processes on one home. Needs root; makes bridges and nft
 * tables, so it runs under {@code flock /tmp/berth-net.lock} with the other network tests.
 */
@RequiresRoot("networks are bridges and nft tables")
class CliNetworkVolumeTest {
    private static final String IMAGE = "localhost/berth-demo";
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void buildTheDemoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-net");
        berth = new Cli(home);
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "n-web", "n-port", "v-user");
            berth.run("network", "rm", "-f", "n-one", "n-two", "n-unused");
            FileTrees.delete(home);
        }
    }

    @Test
    void networksAreCreatedListedInspectedConnectedAndRemoved() throws Exception {
        Cli.Result created = berth.run("network", "create", "--subnet", "10.97.3.0/24", "--label", "purpose=test", "n-one");
        assertEquals(0, created.code(), created.toString());
        assertTrue(created.out().matches("[0-9a-f]{64}\n"), created.toString());
        String id = created.out().strip();
        Cli.Result again = berth.run("network", "create", "n-one");
        assertEquals(new Cli.Result(1, "", "berth: network with name n-one already exists\n"), again);

        Cli.Result ls = berth.run("network", "ls");
        assertEquals(0, ls.code(), ls.toString());
        var lines = ls.out().lines().toList();
        assertEquals("NETWORK ID     NAME      DRIVER    SCOPE", lines.get(0));
        assertTrue(lines.contains(id.substring(0, 12) + "   n-one     bridge    local"), ls.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("[0-9a-f]{12}   host      host      local")), ls.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("[0-9a-f]{12}   none      null      local")), ls.toString());
        assertTrue(berth.run("network", "ls", "-q").out().lines().anyMatch(id.substring(0, 12)::equals));
        assertEquals(new Cli.Result(0, "n-one bridge purpose=test\n", ""), berth.run("network", "ls",
                "--filter", "label=purpose=test", "--format", "{{.Name}} {{.Driver}} {{.Labels}}"));

        Cli.Result inspect = berth.run("network", "inspect", "n-one");
        assertEquals(0, inspect.code(), inspect.toString());
        assertTrue(inspect.out().startsWith("[\n    {\n        \"Name\": \"n-one\",\n        \"Id\": \"" + id + "\",\n"), inspect.out());
        assertTrue(inspect.out().contains("\"Subnet\": \"10.97.3.0/24\"") && inspect.out().contains("\"purpose\": \"test\""),
                inspect.out());
        Cli.Result missing = berth.run("network", "inspect", "nosuch");
        assertEquals(new Cli.Result(1, "[]\n", "berth: No such network: nosuch\n"), missing);

        assertEquals(0, berth.run("run", "-d", "--network", "bridge", "--name", "n-web", IMAGE, "sleep", "300").code());
        assertEquals(new Cli.Result(0, "", ""), berth.run("network", "connect", "--alias", "web", "n-one", "n-web"));
        assertTrue(berth.run("network", "inspect", "n-one").out().contains("\"Name\": \"n-web\""));
        Cli.Result inUse = berth.run("network", "rm", "n-one");
        assertEquals(1, inUse.code(), inUse.toString());
        assertEquals(new Cli.Result(0, "", ""), berth.run("network", "disconnect", "n-one", "n-web"));
        assertEquals(new Cli.Result(1, "n-one\n", "berth: host is a pre-defined network and cannot be removed\n"
                + "berth: network nosuch not found\n"), berth.run("network", "rm", "n-one", "host", "nosuch"));
        Cli.Result forced = berth.run("network", "rm", "-f", "nosuch");
        assertEquals(new Cli.Result(0, "nosuch\n", ""), forced);

        Cli.Result ip = berth.run("network", "connect", "--ip", "10.97.3.9", "bridge", "n-web");
        assertEquals(125, ip.code(), ip.toString());
        assertTrue(ip.err().startsWith("berth: network connect --ip:"), ip.toString());
        Cli.Result driver = berth.run("network", "create", "-d", "overlay", "n-two");
        assertEquals(new Cli.Result(125, "", "berth: network create --driver overlay: berth has the bridge driver only\n"), driver);
        assertEquals(0, berth.run("rm", "-f", "n-web").code());
    }

    @Test
    void pruneAsksUnlessForcedAndRemovesOnlyUnusedNetworks() throws Exception {
        assertEquals(0, berth.run("network", "create", "--label", "keep=no", "n-unused").code());
        Cli.Result no = berth.runWithInput("n\n".getBytes(StandardCharsets.UTF_8), "network", "prune");
        assertEquals(new Cli.Result(0, "WARNING! This will remove all custom networks not used by at least one container.\n"
                + "Are you sure you want to continue? [y/N] ", ""), no);
        assertTrue(berth.run("network", "ls").out().contains(" n-unused "));
        Cli.Result filtered = berth.run("network", "prune", "-f", "--filter", "label=keep=yes");
        assertEquals(new Cli.Result(0, "", ""), filtered);
        Cli.Result pruned = berth.run("network", "prune", "-f", "--filter", "label=keep");
        assertEquals(new Cli.Result(0, "Deleted Networks:\nn-unused\n\n", ""), pruned);
    }

    @Test
    void volumesAreCreatedListedInspectedAndRemoved() throws Exception {
        assertEquals(new Cli.Result(0, "v-one\n", ""), berth.run("volume", "create", "--label", "a=b", "v-one"));
        Cli.Result anonymous = berth.run("volume", "create");
        assertTrue(anonymous.out().matches("[0-9a-f]{64}\n"), anonymous.toString());
        String anon = anonymous.out().strip();

        Cli.Result ls = berth.run("volume", "ls");
        assertEquals(new Cli.Result(0, "DRIVER    VOLUME NAME\nlocal     " + anon + "\nlocal     v-one\n", ""), ls);
        assertEquals(new Cli.Result(0, anon + "\nv-one\n", ""), berth.run("volume", "ls", "-q"));
        assertEquals(new Cli.Result(0, "v-one:local:b\n", ""),
                berth.run("volume", "ls", "--filter", "label=a", "--format", "{{.Name}}:{{.Driver}}:{{.Label \"a\"}}"));

        Cli.Result inspect = berth.run("volume", "inspect", "v-one");
        assertEquals(0, inspect.code(), inspect.toString());
        assertTrue(inspect.out().matches("(?s)\\[\n    \\{\n        \"CreatedAt\": \"[^\"]+\",\n        \"Driver\": \"local\",\n"
                + "        \"Labels\": \\{\n            \"a\": \"b\"\n        \\},\n        \"Mountpoint\": \"[^\"]+\",\n"
                + "        \"Name\": \"v-one\",\n        \"Options\": null,\n        \"Scope\": \"local\"\n    \\}\n\\]\n"), inspect.out());
        assertEquals(new Cli.Result(1, "[]\n", "berth: get nosuch: no such volume\n"), berth.run("volume", "inspect", "nosuch"));

        assertEquals(0, berth.run("run", "-d", "--name", "v-user", "-v", "v-one:/data", IMAGE, "sleep", "300").code());
        Cli.Result inUse = berth.run("volume", "rm", "v-one");
        assertEquals(1, inUse.code(), inUse.toString());
        assertTrue(inUse.err().startsWith("berth: volume v-one is in use by container"), inUse.toString());
        assertEquals(new Cli.Result(1, "", "berth: get nosuch: no such volume\n"), berth.run("volume", "rm", "nosuch"));
        assertEquals(new Cli.Result(0, "nosuch\n", ""), berth.run("volume", "rm", "-f", "nosuch"));

        // prune takes anonymous volumes only, unless --all; never one in use
        Cli.Result prune = berth.run("volume", "prune", "-f");
        assertEquals(new Cli.Result(0, "Deleted Volumes:\n" + anon + "\n\nTotal reclaimed space: 0B\n", ""), prune);
        assertEquals(new Cli.Result(0, "Total reclaimed space: 0B\n", ""), berth.run("volume", "prune", "-f", "--all"));
        assertEquals(0, berth.run("rm", "-f", "v-user").code());
        assertEquals(new Cli.Result(0, "Deleted Volumes:\nv-one\n\nTotal reclaimed space: 0B\n", ""),
                berth.run("volume", "prune", "-a", "-f"));
        Cli.Result driver = berth.run("volume", "create", "-d", "nfs", "v-two");
        assertEquals(new Cli.Result(125, "", "berth: volume create --driver nfs: berth has the local driver only\n"), driver);
    }

    @Test
    void portListsThePublishedPortsOfARunningContainer() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--network", "bridge", "--name", "n-port", "-p", "0:80", "-p", "0:53/udp", IMAGE,
                "sleep", "300").code());
        Cli.Result all = berth.run("port", "n-port");
        assertEquals(0, all.code(), all.toString());
        assertTrue(all.out().matches("53/udp -> 0\\.0\\.0\\.0:[0-9]+\n80/tcp -> 0\\.0\\.0\\.0:[0-9]+\n"), all.toString());
        Cli.Result one = berth.run("port", "n-port", "80");
        assertTrue(one.out().matches("0\\.0\\.0\\.0:[0-9]+\n"), one.toString());
        assertEquals(new Cli.Result(1, "", "Error: No public port '81/tcp' published for n-port\n"), berth.run("port", "n-port", "81"));
        assertEquals(0, berth.run("stop", "-t", "1", "n-port").code());
        assertEquals(new Cli.Result(0, "", ""), berth.run("port", "n-port"));
        assertEquals(0, berth.run("rm", "n-port").code());
    }
}
