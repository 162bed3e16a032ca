package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth update}: limits and restart policy changed on a running container, and what it refuses. Needs root. */
@RequiresRoot("the CLI runs containers")
class CliUpdateTest {
    @Test
    void updatesLimitsAndRestartPolicyAndRefusesTheRest(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Cli berth = new Cli(home);
        try {
            assertEquals(0, berth.run("demo").code());
            assertEquals(0, berth.run("run", "-d", "--name", "u-box", "-m", "64m", "--pids-limit", "40", "localhost/berth-demo",
                    "sleep", "300").code());
            assertEquals(new Cli.Result(0, "u-box\n", ""), berth.run("update", "-m", "32m", "--cpus", "0.5", "--pids-limit", "25",
                    "--restart", "on-failure:3", "u-box"));
            String inspect = berth.run("inspect", "u-box").out();
            String pid = inspect.replaceAll("(?s).*\"Pid\"\\s*:\\s*([0-9]+).*", "$1");
            String pidsGroup = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                    .filter(l -> l.split(":")[1].equals("pids") || l.startsWith("0::")).findFirst().orElseThrow().split(":", 3)[2];
            Path pidsMax = Path.of(Files.exists(Path.of("/sys/fs/cgroup/pids")) ? "/sys/fs/cgroup/pids" : "/sys/fs/cgroup", pidsGroup, "pids.max");
            assertEquals("25", Files.readString(pidsMax).strip());
            assertTrue(inspect.contains("on-failure"), inspect);

            assertEquals(new Cli.Result(125, "", "berth: update --cpu-shares: berth updates --memory, --cpus, --pids-limit and --restart only\n"),
                    berth.run("update", "--cpu-shares", "512", "u-box"));
            assertEquals(new Cli.Result(1, "", "berth: you must provide one or more flags when using this command\n"),
                    berth.run("update", "u-box"));
            assertEquals(new Cli.Result(1, "", "berth: Minimum memory limit allowed is 6MB: 1048576 bytes\n"),
                    berth.run("update", "-m", "1m", "u-box"));
            assertEquals(new Cli.Result(1, "u-box\n", "berth: no such container: nosuch\n"),
                    berth.run("update", "--pids-limit", "30", "u-box", "nosuch"));
        } finally {
            berth.run("rm", "-f", "u-box");
            FileTrees.delete(home);
        }
    }
}
