package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code run}/{@code create} options docker users type: {@code --add-host} (with
 * {@code host-gateway} on a bridge), {@code --dns}, {@code --dns-search}, {@code --dns-option},
 * {@code --mount}, {@code --pull}, {@code --platform}, and {@code --privileged} refused with the
 * reason; with the values docker refuses and its messages. Needs root; one test makes a bridge,
 * so run it under {@code flock /tmp/berth-net.lock}.
 */
@RequiresRoot("the CLI runs containers")
class CliRunOptionsTest {
    private static final String IMAGE = "localhost/berth-demo";
    private static final String DEFAULT_HOSTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void buildTheDemoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-run-options");
        berth = new Cli(home);
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "o-gw", "o-peer", "o-execd");
            berth.run("network", "rm", "o-net");
            FileTrees.delete(home);
        }
    }

    @Test
    void addHostWritesDockersLinesBeforeTheContainersOwnName() throws Exception {
        Cli.Result r = berth.run("run", "--rm", "--hostname", "box", "--add-host", "db.example:10.1.2.3",
                "--add-host", "six=[::1]", IMAGE, "cat", "/etc/hosts");
        assertEquals(new Cli.Result(0, DEFAULT_HOSTS + "10.1.2.3\tdb.example\n::1\tsix\n127.0.1.1\tbox\n", ""), r);
    }

    @Test
    void addHostRefusesWhatDockerRefuses() throws Exception {
        assertEquals(new Cli.Result(125, "", "berth: invalid argument \"db\" for \"--add-host\" flag: bad format for add-host: \"db\"\n"),
                berth.run("run", "--rm", "--add-host", "db", IMAGE, "true"));
        assertEquals(new Cli.Result(125, "", "berth: invalid argument \"db:1.2.3\" for \"--add-host\" flag:"
                + " invalid IP address in add-host: \"1.2.3\"\n"), berth.run("create", "--add-host", "db:1.2.3", IMAGE));
        // without a network there is no gateway to the host: said, and nothing is left
        Cli.Result none = berth.run("run", "--rm", "--name", "o-none", "--network", "none", "--add-host", "gw:host-gateway", IMAGE, "true");
        assertEquals(125, none.code(), none.toString());
        assertTrue(none.err().endsWith("--add-host gw:host-gateway: host-gateway needs a gateway, and with --network none the"
                + " container has none (it has no network): use --network bridge\n"), none.err());
        assertEquals(new Cli.Result(0, "", ""), berth.run("ps", "-aq", "--filter", "name=o-none"));
    }

    @Test
    void hostGatewayIsTheBridgesGatewayAndStaysWhenPeersComeAndGo() throws Exception {
        assertEquals(0, berth.run("network", "create", "--subnet", "10.231.7.0/24", "o-net").code());
        Cli.Result gw = berth.run("run", "-d", "--name", "o-gw", "--hostname", "gw-box", "--network", "o-net",
                "--add-host", "host.docker.internal:host-gateway", IMAGE, "sleep", "60");
        assertEquals(0, gw.code(), gw.toString());
        String expected = DEFAULT_HOSTS + "10.231.7.1\thost.docker.internal\n10.231.7.2\tgw-box\n";
        assertEquals(new Cli.Result(0, expected, ""), berth.run("exec", "o-gw", "cat", "/etc/hosts"));
        // a peer joins: its name is added after the extra host, which stays
        assertEquals(0, berth.run("run", "-d", "--name", "o-peer", "--hostname", "peer", "--network", "o-net", IMAGE, "sleep", "60").code());
        Cli.Result joined = berth.run("exec", "o-gw", "cat", "/etc/hosts");
        assertTrue(joined.out().startsWith(DEFAULT_HOSTS + "10.231.7.1\thost.docker.internal\n10.231.7.3\to-peer\n10.231.7.3\tpeer\n"),
                joined.toString());
        assertEquals(0, berth.run("rm", "-f", "o-peer").code());
        Cli.Result left = berth.run("exec", "o-gw", "cat", "/etc/hosts");
        assertEquals(expected, left.out().stripTrailing() + "\n", left.toString());
        assertEquals(0, berth.run("rm", "-f", "o-gw").code());
        assertEquals(0, berth.run("network", "rm", "o-net").code());
    }

    @Test
    void dnsOptionsReplaceTheHostsNameserversSearchAndOptions() throws Exception {
        Cli.Result r = berth.run("run", "--rm", "--dns", "9.9.9.9", "--dns", "2001:db8::53", "--dns-search", "a.example",
                "--dns-search", "b.example", "--dns-option", "ndots:2", "--dns-option", "timeout:1", IMAGE, "cat", "/etc/resolv.conf");
        assertEquals(new Cli.Result(0, "nameserver 9.9.9.9\nnameserver 2001:db8::53\nsearch a.example b.example\noptions ndots:2 timeout:1\n", ""), r);
        // "--dns-search ." leaves no search line; --dns alone keeps the rest as the host has it
        Cli.Result dot = berth.run("run", "--rm", "--dns", "1.1.1.1", "--dns-search", ".", IMAGE, "grep", "-c", "^search", "/etc/resolv.conf");
        assertEquals(new Cli.Result(1, "0\n", ""), dot);
        assertEquals(new Cli.Result(125, "", "berth: invalid argument \"1.2.3\" for \"--dns\" flag: 1.2.3 is not an ip address\n"),
                berth.run("run", "--rm", "--dns", "1.2.3", IMAGE, "true"));
    }

    @Test
    void mountTakesDockersSyntaxForBindsVolumesAndTmpfs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("f"), "from the host\n");
        Cli.Result bind = berth.run("run", "--rm", "--mount", "type=bind,src=" + dir + ",dst=/data,readonly", IMAGE,
                "sh", "-c", "cat /data/f; touch /data/g");
        assertEquals(new Cli.Result(1, "from the host\n", "touch: /data/g: Read-only file system\n"), bind);
        assertEquals(new Cli.Result(0, "", ""), berth.run("run", "--rm", "--mount", "source=o-vol,target=/v", IMAGE,
                "sh", "-c", "echo kept > /v/x"));
        assertEquals(new Cli.Result(0, "kept\n", ""), berth.run("run", "--rm", "--mount", "type=volume,source=o-vol,destination=/v,ro",
                IMAGE, "cat", "/v/x"));
        assertEquals(0, berth.run("volume", "rm", "o-vol").code());
        Cli.Result tmpfs = berth.run("run", "--rm", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m", IMAGE, "sh", "-c",
                "grep ' /t ' /proc/mounts | cut -d' ' -f1-3");
        assertEquals(new Cli.Result(0, "tmpfs /t tmpfs\n", ""), tmpfs);
    }

    @Test
    void mountRefusesWhatDockerRefusesInItsWords() throws Exception {
        assertEquals(refused("berth: invalid argument \"src=/tmp\" for \"--mount\" flag: target is required"),
                berth.run("run", "--rm", "--mount", "src=/tmp", IMAGE, "true"));
        assertEquals(refused("berth: invalid argument \"type=bind,foo=bar,dst=/x\" for \"--mount\" flag: unexpected key 'foo' in 'foo=bar'"),
                berth.run("run", "--rm", "--mount", "type=bind,foo=bar,dst=/x", IMAGE, "true"));
        assertEquals(refused("berth: invalid argument \"type=bind,src,dst=/x\" for \"--mount\" flag: invalid field 'src' must be a key=value pair"),
                berth.run("create", "--mount", "type=bind,src,dst=/x", IMAGE));
        assertEquals(refused("berth: invalid argument \"type=tmpfs,dst=/t,volume-nocopy\" for \"--mount\" flag:"
                + " cannot mix 'volume-*' options with mount type 'tmpfs'"),
                berth.run("run", "--rm", "--mount", "type=tmpfs,dst=/t,volume-nocopy", IMAGE, "true"));
        assertEquals(refused("berth: invalid mount config for type \"bind\": bind source path does not exist: /nonexistent-o"),
                berth.run("run", "--rm", "--mount", "type=bind,src=/nonexistent-o,dst=/t", IMAGE, "true"));
        assertEquals(refused("berth: invalid mount config for type \"bind\": field Source must not be empty"),
                berth.run("run", "--rm", "--mount", "type=bind,dst=/t", IMAGE, "true"));
        assertEquals(refused("berth: invalid mount config for type \"nfs\": mount type unknown"),
                berth.run("run", "--rm", "--mount", "type=nfs,dst=/t", IMAGE, "true"));
        assertEquals(refused("berth: --mount bind-propagation=rshared: Berth's binds are private (mounts never propagate between"
                + " the container and the host); use rprivate"),
                berth.run("run", "--rm", "--mount", "type=bind,src=/tmp,dst=/t,bind-propagation=rshared", IMAGE, "true"));
        assertEquals(refused("berth: --mount tmpfs-mode=700: Berth's tmpfs mounts are mode 1777 (world-writable, sticky)"),
                berth.run("run", "--rm", "--mount", "type=tmpfs,dst=/t,tmpfs-mode=0700", IMAGE, "true"));
        assertEquals(new Cli.Result(0, "", ""), berth.run("ps", "-aq"));
    }

    @Test
    void pullPolicyAndPlatformAsDockerHasThem() throws Exception {
        assertEquals(refused("berth: invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\""),
                berth.run("run", "--rm", "--pull", "sometimes", IMAGE, "true"));
        assertEquals(refused("berth: No such image: localhost/o-absent:latest"),
                berth.run("run", "--rm", "--pull", "never", "localhost/o-absent", "true"));
        assertEquals(new Cli.Result(0, "ok\n", ""), berth.run("run", "--rm", "--pull", "never", IMAGE, "echo", "ok"));
        assertEquals(new Cli.Result(0, "ok\n", ""), berth.run("run", "--rm", "--platform", BuildPlatform.host(), IMAGE, "echo", "ok"));
        String other = BuildPlatform.host().equals("linux/amd64") ? "linux/arm64" : "linux/amd64";
        assertEquals(refused("berth: --platform " + other + ": berth pulls and runs this host's " + BuildPlatform.host()
                + " images only (it emulates no other architecture)"), berth.run("create", "--platform", other, IMAGE));
        assertEquals(refused("berth: --privileged: Berth does not run privileged containers (its launch keeps seccomp, the masked"
                + " /proc and /sys paths and the device rules for every container); add the capabilities the container needs"
                + " with --cap-add and its devices with --device"), berth.run("run", "--rm", "--privileged", IMAGE, "true"));
    }

    @Test
    void execDetachedReturnsAtOnceAndItsCommandRunsOn() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--name", "o-execd", IMAGE, "sleep", "60").code());
        long start = System.nanoTime();
        assertEquals(new Cli.Result(0, "", ""), berth.run("exec", "-d", "o-execd", "sh", "-c", "sleep 2; echo done > /tmp/m; exec sleep 30"));
        assertTrue(System.nanoTime() - start < 30_000_000_000L);
        Cli.Result top = berth.run("top", "o-execd");
        assertTrue(top.out().contains("sleep 2") || top.out().contains("sleep 30"), top.toString());
        Thread.sleep(3_000);
        assertEquals(new Cli.Result(0, "done\n", ""), berth.run("exec", "o-execd", "cat", "/tmp/m"));
        assertTrue(berth.run("top", "o-execd").out().contains("sleep 30"), "the detached command outlived the exec that started it");
        assertEquals(refused("berth: exec -d -t: berth's detached execs have no terminal (nothing could attach to it later); drop -t"),
                berth.run("exec", "-dt", "o-execd", "true"));
        assertEquals(0, berth.run("rm", "-f", "o-execd").code());
    }

    private static Cli.Result refused(String line) {
        return new Cli.Result(125, "", line + "\n");
    }
}
