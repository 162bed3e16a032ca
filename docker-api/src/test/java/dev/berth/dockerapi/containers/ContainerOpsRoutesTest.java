package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.dockerapi.testing.DockerCli;
import dev.berth.dockerapi.testing.ServedBusyboxHome;
import dev.berth.dockerapi.testing.SocketClient;
import dev.berth.wait.Wait;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pause, unpause, top and changes over the socket, and through the docker CLI. */
class ContainerOpsRoutesTest extends ServedBusyboxHome {
    @Test
    void pauseUnpauseTopAndChangesAsDockerAnswersThem() throws Exception {
        try (Container c = berth.container(BusyboxImage.REFERENCE).name("web").user("0")
                .command("sh", "-c", "touch /tmp/made; echo up; exec sleep 600").waitingFor(Wait.forLogMessage(".*up.*", 1)).start();
                SocketClient client = new SocketClient(socket())) {
            String id = c.id();
            assertEquals(204, client.request("POST", "/v1.41/containers/web/pause").status());
            assertTrue(c.state().paused());
            SocketClient.Response again = client.request("POST", "/v1.41/containers/web/pause");
            assertEquals(409, again.status());
            assertEquals("Container web is already paused", json(again).get("message").asText());
            assertEquals(204, client.request("POST", "/v1.41/containers/" + id.substring(0, 12) + "/unpause").status());
            assertEquals(409, client.request("POST", "/v1.41/containers/web/unpause").status());
            assertEquals(404, client.request("POST", "/v1.41/containers/nothing/pause").status());

            JsonNode top = json(client.request("GET", "/v1.41/containers/web/top"));
            List<String> titles = new ArrayList<>();
            top.get("Titles").forEach(t -> titles.add(t.asText()));
            assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), titles);
            boolean sleeping = false;
            for (JsonNode p : top.get("Processes")) {
                assertEquals(8, p.size());
                sleeping |= p.get(7).asText().equals("sleep 600");
            }
            assertTrue(sleeping, top.toString());
            assertFalse(top.toString().contains("berth-stage1"), "Berth's init is not the container's: " + top);
            JsonNode ps = json(client.request("GET", "/v1.41/containers/web/top?ps_args=-o%20pid,comm"));
            assertEquals("[\"PID\",\"COMMAND\"]", ps.get("Titles").toString());

            JsonNode changes = json(client.request("GET", "/v1.41/containers/web/changes"));
            assertTrue(changes.toString().contains("{\"Path\":\"/tmp/made\",\"Kind\":1}"), changes.toString());
            assertTrue(changes.toString().contains("{\"Path\":\"/tmp\",\"Kind\":0}"), changes.toString());

            c.stop();
            SocketClient.Response stopped = client.request("GET", "/v1.41/containers/web/top");
            assertEquals(409, stopped.status());
            assertEquals("Container web is not running", json(stopped).get("message").asText());
        }
    }

    @Test
    void theDockerCliPausesListsAndDiffs() throws Exception {
        DockerCli docker = docker();
        try (Container c = berth.container(BusyboxImage.REFERENCE).name("cli").user("0")
                .command("sh", "-c", "rm /etc/group; echo up; exec sleep 600").waitingFor(Wait.forLogMessage(".*up.*", 1)).start()) {
            DockerCli.Result pause = docker.run("pause", "cli");
            assertEquals(0, pause.exitCode(), pause.stderr());
            assertTrue(c.state().paused());
            DockerCli.Result unpause = docker.run("unpause", "cli");
            assertEquals(0, unpause.exitCode(), unpause.stderr());
            DockerCli.Result top = docker.run("top", "cli");
            assertEquals(0, top.exitCode(), top.stderr());
            assertTrue(top.stdout().lines().findFirst().orElse("").matches("UID\\s+PID\\s+PPID\\s+C\\s+STIME\\s+TTY\\s+TIME\\s+CMD"),
                    top.stdout());
            assertTrue(top.stdout().contains("sleep 600"), top.stdout());
            DockerCli.Result diff = docker.run("diff", "cli");
            assertEquals(0, diff.exitCode(), diff.stderr());
            assertTrue(diff.stdout().lines().toList().containsAll(List.of("C /etc", "D /etc/group")), diff.stdout());
            assertFalse(diff.stdout().contains("/proc") || diff.stdout().contains("/etc/hosts"), diff.stdout());
        }
    }

    @Test
    void anUnchangedContainersChangesAreNullAsDockerdAnswersAndTheCliPrintsNothing() throws Exception {
        try (Container c = berth.container(BusyboxImage.REFERENCE).name("same").workdir("/").command("sleep", "600").start();
                SocketClient client = new SocketClient(socket())) {
            SocketClient.Response changes = client.request("GET", "/v1.41/containers/same/changes");
            assertEquals(200, changes.status());
            assertEquals("null", json(changes).toString());
            DockerCli.Result diff = docker().run("diff", "same");
            assertEquals(0, diff.exitCode(), diff.stderr());
            assertEquals("", diff.stdout());
        }
    }
}
