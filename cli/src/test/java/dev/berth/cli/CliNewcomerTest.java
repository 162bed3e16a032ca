package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import dev.berth.registry.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer typing docker's commands met (#17, "Found as a newcomer"): {@code run} of an
 * image not pulled yet and of one that exists nowhere, {@code ps} and {@code inspect} after an
 * exit, {@code rmi} by ID, refused resource values and an OOM kill, {@code exec} of a command
 * that cannot run, and {@code system prune}'s question. Exact output and exit codes, compared
 * with docker 20.10's. Needs root; one home with the demo image for all.
 */
@RequiresRoot("the CLI builds and runs containers")
class CliNewcomerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "localhost/berth-demo";
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void demoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-newcomer");
        berth = new Cli(home);
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            FileTrees.delete(home);
        }
    }

    @Test
    void runPullsAMissingImageAndNamesOneThatExistsNowhere(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(LocalRegistry.available(), "docker-registry is not installed (apt-get install docker-registry)");
        try (LocalRegistry registry = LocalRegistry.start(dir)) {
            String ref = registry.host() + "/newcomer:1";
            assertEquals(0, berth.run("tag", IMAGE, ref).code());
            assertEquals(0, berth.run("push", ref).code());
            assertEquals(0, berth.run("rmi", ref).code());
            String containers = berth.run("ps", "-aq").out();

            Cli.Result run = berth.run("run", "--rm", ref, "cat", "/etc/berth-demo");
            assertEquals(0, run.code(), run.toString());
            assertTrue(run.out().startsWith("built by berth demo"), run.toString());
            // docker run's lines, on stderr as docker prints them.
            assertTrue(run.err().matches("Unable to find image '" + ref.replace(".", "\\.") + "' locally\n"
                    + "1: Pulling from newcomer\n"
                    // Its one layer is the demo image's, which the store has: no layer is downloaded.
                    + "([0-9a-f]{12}: Pull complete [0-9.]+[kM]?B\n)*"
                    + "Digest: sha256:[0-9a-f]{64}\n"
                    + "Status: Downloaded newer image for " + ref.replace(".", "\\.") + "\n"), run.toString());

            Cli.Result again = berth.run("run", "--rm", ref, "true");
            assertEquals("", again.err(), "a stored image was pulled again: " + again);

            Cli.Result nowhere = berth.run("run", "--rm", registry.host() + "/nosuch");
            assertEquals(125, nowhere.code(), nowhere.toString());
            assertEquals("Unable to find image '" + registry.host() + "/nosuch:latest' locally\n"
                    + "latest: Pulling from nosuch\n"
                    + "berth: manifest for " + registry.host() + "/nosuch:latest not found: manifest unknown: manifest unknown\n",
                    nowhere.err());
            Cli.Result noTag = berth.run("run", "--rm", registry.host() + "/newcomer:2");
            assertEquals(125, noTag.code(), noTag.toString());
            assertTrue(noTag.err().endsWith("berth: manifest for " + registry.host() + "/newcomer:2 not found: manifest unknown: "
                    + "manifest unknown\n"), noTag.toString());
            assertEquals(containers, berth.run("ps", "-aq").out(), "a failed pull left a container");

            // create pulls as run does, and fails as docker create does (exit 1) for an image that exists nowhere.
            assertEquals(0, berth.run("rmi", ref).code());
            Cli.Result created = berth.run("create", "--name", "pulled-at-create", ref, "cat", "/etc/berth-demo");
            assertEquals(0, created.code(), created.toString());
            assertTrue(created.out().matches("[0-9a-f]{64}\n"), created.toString());
            assertTrue(created.err().startsWith("Unable to find image '" + ref + "' locally\n1: Pulling from newcomer\n")
                    && created.err().endsWith("Status: Downloaded newer image for " + ref + "\n"), created.toString());
            Cli.Result startedPulled = berth.run("start", "-a", "pulled-at-create");
            assertTrue(startedPulled.code() == 0 && startedPulled.out().startsWith("built by berth demo"), startedPulled.toString());
            assertEquals(0, berth.run("rm", "pulled-at-create").code());
            Cli.Result createNowhere = berth.run("create", registry.host() + "/nosuch");
            assertEquals(new Cli.Result(1, "", "Unable to find image '" + registry.host() + "/nosuch:latest' locally\n"
                    + "latest: Pulling from nosuch\n"
                    + "berth: manifest for " + registry.host() + "/nosuch:latest not found: manifest unknown: manifest unknown\n"),
                    createNowhere);
            assertEquals(containers, berth.run("ps", "-aq").out(), "a failed pull at create left a container");
            assertEquals(0, berth.run("rmi", ref).code());
        }
    }

    @Test
    void psAndInspectShowTheExitAtOnceWithTheTimesItHappened() throws Exception {
        Path flag = Files.createDirectories(home.resolve("flag"));
        Cli.Result started = berth.run("run", "-d", "--name", "quick", "-v", flag + ":/flag", IMAGE, "sh", "-c",
                "while [ ! -e /flag/go ]; do sleep 0.1; done; exit 3");
        assertEquals(0, started.code(), started.toString());
        String id = started.out().strip();
        JsonNode running = JSON.readTree(berth.run("inspect", "quick").out()).get(0);
        assertTrue(running.at("/State/Running").asBoolean(), running.toString());
        Files.createFile(flag.resolve("go"));

        Path exit = home.resolve("containers").resolve(id).resolve("exit");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.notExists(exit) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Instant exited = Files.getLastModifiedTime(exit).toInstant();
        Cli.Result ps = berth.run("ps", "-a");
        assertTrue(ps.out().lines().anyMatch(l -> l.contains("Exited (3) ") && l.endsWith("quick")), ps.toString());
        JsonNode after = JSON.readTree(berth.run("inspect", "quick").out()).get(0);
        assertEquals("exited", after.at("/State/Status").asText(), after.toString());
        assertEquals(exited, Instant.parse(after.at("/State/FinishedAt").asText()), "FinishedAt is not when it exited");
        assertEquals(running.at("/State/StartedAt"), after.at("/State/StartedAt"));
        assertEquals(running.get("Created"), after.get("Created"));
        assertEquals(0, berth.run("rm", "quick").code());
    }

    @Test
    void rmiTakesTheIdImagesPrintsAndRefusesAsDockerDoes() throws Exception {
        Cli.Result missing = berth.run("rmi", "nosuch");
        assertEquals(1, missing.code(), missing.toString());
        assertEquals("Error: No such image: nosuch\n", missing.err());

        for (int form = 0; form < 3; form++) {
            assertEquals(0, berth.run("build", "-q", "-t", "localhost/rmi-me:1", dockerfile("rmi-" + form)).code());
            String fullId = JSON.readTree(berth.run("inspect", "localhost/rmi-me:1").out()).get(0).get("Id").asText();
            String shortId = fullId.substring("sha256:".length(), "sha256:".length() + 12);
            assertTrue(berth.run("images").out().contains(" " + shortId + " "), "images prints another ID");
            String asked = switch (form) {
                case 0 -> shortId;
                case 1 -> "sha256:" + shortId;
                default -> fullId.replace("sha256:", "");
            };
            Cli.Result rmi = berth.run("rmi", asked);
            assertEquals(0, rmi.code(), rmi.toString());
            assertEquals("Untagged: localhost/rmi-me:1\nDeleted: " + fullId + "\n", rmi.out(), asked);
            assertFalse(berth.run("images").out().contains("rmi-me"), asked);
        }

        // An image a container uses, by its one tag and by ID, is refused as docker refuses it.
        assertEquals(0, berth.run("build", "-q", "-t", "localhost/in-use:1", dockerfile("in-use")).code());
        String inUseId = JSON.readTree(berth.run("inspect", "localhost/in-use:1").out()).get(0).get("Id").asText().substring(7, 19);
        assertEquals(0, berth.run("run", "--name", "user", "localhost/in-use:1", "true").code());
        String container = berth.run("ps", "-aq").out().lines().findFirst().orElseThrow();
        Cli.Result byTag = berth.run("rmi", "localhost/in-use:1");
        assertEquals(1, byTag.code(), byTag.toString());
        assertEquals("Error: conflict: unable to remove repository reference \"localhost/in-use:1\" (must force) - container "
                + container + " is using its referenced image " + inUseId + "\n", byTag.err());
        Cli.Result byId = berth.run("rmi", inUseId);
        assertEquals(1, byId.code(), byId.toString());
        assertEquals("Error: conflict: unable to delete " + inUseId + " (must be forced) - image is being used by stopped container "
                + container + "\n", byId.err());
        // A tag of an image that has another is only untagged, in use or not, as docker does.
        assertEquals(0, berth.run("tag", "localhost/in-use:1", "localhost/in-use:2").code());
        Cli.Result untag = berth.run("rmi", "localhost/in-use:2");
        assertEquals(0, untag.code(), untag.toString());
        assertEquals("Untagged: localhost/in-use:2\n", untag.out());
        assertEquals(0, berth.run("rm", "user").code());
        assertEquals(0, berth.run("rmi", "localhost/in-use:1").code());
    }

    @Test
    void resourceValuesOutsideDockersRangesAreRefusedAndAnOomKillIsTold() throws Exception {
        String containers = berth.run("ps", "-aq").out();
        int cpus = Runtime.getRuntime().availableProcessors();
        Cli.Result tooMany = berth.run("run", "--rm", "--cpus", Integer.toString(cpus + 1), IMAGE, "true");
        assertEquals(125, tooMany.code(), tooMany.toString());
        assertEquals("berth: Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available\n",
                tooMany.err());
        Cli.Result tooFew = berth.run("run", "--rm", "--cpus", "0.001", IMAGE, "true");
        assertEquals(125, tooFew.code(), tooFew.toString());
        Cli.Result tooSmall = berth.run("run", "--rm", "-m", "5m", IMAGE, "true");
        assertEquals(125, tooSmall.code(), tooSmall.toString());
        assertEquals("berth: Minimum memory limit allowed is 6MB\n", tooSmall.err());
        assertEquals(containers, berth.run("ps", "-aq").out(), "a refused run left a container");

        Cli.Result oom = berth.run("run", "--name", "hog", "-m", "8m", IMAGE, "sh", "-c", "x=0123456789abcdef; while true; do x=$x$x; done");
        assertEquals(137, oom.code(), oom.toString());
        assertEquals("berth: container hog was OOM-killed: it reached its memory limit of 8MiB\n", oom.err());
        JsonNode state = JSON.readTree(berth.run("inspect", "hog").out()).get(0).get("State");
        assertTrue(state.get("OOMKilled").asBoolean(), state.toString());
        assertEquals(137, state.get("ExitCode").asInt());
        assertEquals(0, berth.run("rm", "hog").code());
    }

    @Test
    void execOfAMissingCommandExits127AndOfANonExecutableOne126() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--name", "target", IMAGE, "sleep", "300").code());
        try {
            Cli.Result missing = berth.run("exec", "target", "nosuch");
            assertEquals(127, missing.code(), missing.toString());
            assertEquals("berth: exec failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH\n",
                    missing.err());
            Cli.Result noPath = berth.run("exec", "target", "/nonexistent/x");
            assertEquals(127, noPath.code(), noPath.toString());
            assertEquals("berth: exec failed: unable to start container process: exec: \"/nonexistent/x\": "
                    + "stat /nonexistent/x: no such file or directory\n", noPath.err());
            Cli.Result notExecutable = berth.run("exec", "target", "/etc/hostname");
            assertEquals(126, notExecutable.code(), notExecutable.toString());
            assertEquals("berth: exec failed: unable to start container process: exec: \"/etc/hostname\": permission denied\n",
                    notExecutable.err());
            Cli.Result run = berth.run("run", "--rm", IMAGE, "/etc/hostname");
            assertEquals(126, run.code(), run.toString());
            assertEquals("berth: unable to start container process: exec: \"/etc/hostname\": permission denied\n", run.err());
            // The same codes whether the command is PID 1 (docker's default) or the child of --init.
            for (boolean init : new boolean[] {false, true}) {
                Cli.Result runMissing = init ? berth.run("run", "--rm", "--init", IMAGE, "nosuch") : berth.run("run", "--rm", IMAGE, "nosuch");
                assertEquals(127, runMissing.code(), "init " + init + ": " + runMissing);
                assertEquals("berth: unable to start container process: exec: \"nosuch\": executable file not found in $PATH\n",
                        runMissing.err(), "init " + init);
                Cli.Result runNotExecutable = init ? berth.run("run", "--rm", "--init", IMAGE, "/etc/hostname")
                        : berth.run("run", "--rm", IMAGE, "/etc/hostname");
                assertEquals(126, runNotExecutable.code(), "init " + init + ": " + runNotExecutable);
            }
        } finally {
            berth.run("rm", "-f", "target");
        }
    }

    @Test
    void systemPruneAsksFirstAndOnlyYesGoesOn() throws Exception {
        assertEquals(0, berth.run("run", "--name", "prune-me", IMAGE, "true").code());
        for (String answer : new String[] {null, "n\n", "yes\n", "\n"}) {
            Cli.Result asked = berth.runWithInput(answer, "system", "prune");
            assertEquals(0, asked.code(), asked.toString());
            assertEquals(SystemCommand.Prune.WARNING, asked.out(), "answer " + answer);
            assertTrue(berth.run("ps", "-a").out().contains("prune-me"), "pruned without a yes: " + answer);
        }
        assertTrue(SystemCommand.Prune.WARNING.startsWith("WARNING! This will remove:\n  - all stopped containers\n"));
        assertTrue(SystemCommand.Prune.WARNING.endsWith("\n\nAre you sure you want to continue? [y/N] "));
        Cli.Result yes = berth.runWithInput("y\n", "system", "prune");
        assertEquals(0, yes.code(), yes.toString());
        assertTrue(yes.out().startsWith(SystemCommand.Prune.WARNING + "Deleted Containers:\n"), yes.toString());
        assertFalse(berth.run("ps", "-a").out().contains("prune-me"), yes.toString());

        assertEquals(0, berth.run("run", "--name", "prune-me-too", IMAGE, "true").code());
        Cli.Result forced = berth.run("system", "prune", "-f");
        assertTrue(forced.out().startsWith("Deleted Containers:\n"), forced.toString());
        assertFalse(berth.run("ps", "-a").out().contains("prune-me-too"), forced.toString());
    }

    /** A build context whose one layer is unique to {@code content}, so each build is a new image. */
    private static String dockerfile(String content) throws Exception {
        Path context = Files.createDirectories(home.resolve("context-" + content));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + IMAGE + "\nRUN echo " + content + " > /marker\n");
        return context.toString();
    }
}
