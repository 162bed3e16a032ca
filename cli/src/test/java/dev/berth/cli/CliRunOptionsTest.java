package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker run} options beyond the first set: {@code --env-file}, {@code --cap-add},
 * {@code --cap-drop}, {@code --ulimit}, {@code --stop-signal} and {@code --restart}, each as
 * docker answers it, and the values docker refuses. Needs root.
 */
@RequiresRoot("the CLI runs containers")
class CliRunOptionsTest {
    private static final String IMAGE = "localhost/berth-demo";
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void buildTheDemoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-run-options");
        berth = new Cli(home, Map.of("FROM_HOST", "h"));
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "o-stop", "o-restart", "o-exec");
            FileTrees.delete(home);
        }
    }

    @Test
    void envFileLinesComeBeforeDashE() throws Exception {
        Path file = home.resolve("env.list");
        Files.writeString(file, "# a comment\nA=1\n\n   B=two words\nC=\"quoted\"\nFROM_HOST\nNOT_ON_HOST\n");
        Cli.Result run = berth.run("run", "--rm", "--env-file", file.toString(), "-e", "A=override", IMAGE,
                "sh", "-c", "echo \"$A|$B|$C|$FROM_HOST|${NOT_ON_HOST-unset}\"");
        assertEquals(new Cli.Result(0, "override|two words|\"quoted\"|h|unset\n", ""), run);
        // exec takes the same file
        assertEquals(0, berth.run("run", "-d", "--name", "o-exec", IMAGE, "sleep", "300").code());
        try {
            assertEquals(new Cli.Result(0, "override|two words|h\n", ""), berth.run("exec", "--env-file", file.toString(),
                    "-e", "A=override", "o-exec", "sh", "-c", "echo \"$A|$B|$FROM_HOST\""));
        } finally {
            berth.run("rm", "-f", "o-exec");
        }
        Cli.Result missing = berth.run("run", "--rm", "--env-file", home.resolve("nope").toString(), IMAGE, "true");
        assertEquals(new Cli.Result(125, "", "berth: open " + home.resolve("nope") + ": no such file or directory\n"), missing);
        Files.writeString(file, "A B=1\n");
        Cli.Result blank = berth.run("run", "--rm", "--env-file", file.toString(), IMAGE, "true");
        assertEquals(new Cli.Result(125, "", "berth: variable 'A B' contains whitespaces\n"), blank);
    }

    @Test
    void capabilitiesAndUlimits() throws Exception {
        // CAP_NET_ADMIN is bit 12, CAP_CHOWN bit 0 of the bounding set
        Cli.Result caps = berth.run("run", "--rm", "--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN", IMAGE,
                "sh", "-c", "grep CapBnd /proc/self/status");
        assertEquals(0, caps.code(), caps.toString());
        long bounding = Long.parseLong(caps.out().strip().split("\\s+")[1], 16);
        assertEquals(1L << 12, bounding & (1L << 12), caps.out());
        assertEquals(0L, bounding & 1L, caps.out());
        assertEquals(new Cli.Result(0, "100\n200\n", ""), berth.run("run", "--rm", "--ulimit", "nofile=100:200", IMAGE,
                "sh", "-c", "ulimit -n; ulimit -Hn"));
        assertEquals(new Cli.Result(0, "64\n64\n", ""), berth.run("run", "--rm", "--ulimit", "nofile=64", IMAGE,
                "sh", "-c", "ulimit -n; ulimit -Hn"));
        assertEquals(new Cli.Result(125, "", "berth: invalid argument \"nofile=2:1\" for \"--ulimit\" flag: ulimit soft limit must be"
                + " less than or equal to hard limit: 2 > 1\n"), berth.run("run", "--rm", "--ulimit", "nofile=2:1", IMAGE, "true"));
    }

    @Test
    void stopSignalAndRestartPolicyAreTheContainers() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--name", "o-stop", "--stop-signal", "SIGUSR1", "--restart", "on-failure:3",
                IMAGE, "sh", "-c", "trap 'exit 9' USR1; while :; do sleep 0.1; done").code());
        assertEquals(new Cli.Result(0, "SIGUSR1 on-failure 3\n", ""), berth.run("inspect", "-f",
                "{{.Config.StopSignal}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "o-stop"));
        assertEquals(new Cli.Result(0, "o-stop\n", ""), berth.run("stop", "o-stop"));
        assertEquals(new Cli.Result(0, "9\n", ""), berth.run("wait", "o-stop"));
        assertEquals(0, berth.run("rm", "-f", "o-stop").code());
        assertEquals(new Cli.Result(125, "", "berth: Conflicting options: cannot specify both --restart and --rm\n"),
                berth.run("run", "--rm", "--restart", "always", "--name", "o-restart", IMAGE, "true"));
        assertEquals("Error: No such object: o-restart\n", berth.run("inspect", "o-restart").err(), "nothing was created");
    }
}
