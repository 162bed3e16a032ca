package dev.berth.testcontainers.tests;

import static dev.berth.testcontainers.tests.LocalImages.BUSYBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import dev.berth.namespaces.testing.RequiresRoot;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;

/** Other things Testcontainers users do every day: parallel starts, labels, users, working directories, docker-java calls. */
@RequiresRoot("Berth runs the containers as root")
class MoreOptionsTest {

    @Test
    void containersStartInParallel() {
        List<GenericContainer<?>> all = Stream.of("a", "b", "c")
                .<GenericContainer<?>>map(n -> new GenericContainer<>(BUSYBOX)
                        .withCommand("sh", "-c", "echo started " + n + "; exec sleep 600")
                        .waitingFor(Wait.forLogMessage("started " + n + "\\n", 1)))
                .toList();
        try {
            Startables.deepStart(all).join();
            assertTrue(all.stream().allMatch(GenericContainer::isRunning));
            assertEquals(3, all.stream().map(GenericContainer::getContainerId).distinct().count());
        } finally {
            all.forEach(GenericContainer::stop);
        }
    }

    @Test
    void labelsUserWorkdirAndSeparateStderr() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withLabel("com.example.team", "payments")
                .withWorkingDirectory("/srv")
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName("box").withUser("nobody"))
                .withCommand("sh", "-c", "echo out; echo err >&2; exec sleep 600")
                .waitingFor(Wait.forLogMessage("err\\n", 1))) {
            c.start();
            InspectContainerResponse info = c.getContainerInfo();
            assertEquals("payments", info.getConfig().getLabels().get("com.example.team"));
            assertEquals("/srv", c.execInContainer("pwd").getStdout().trim());
            assertEquals("nobody", c.execInContainer("whoami").getStdout().trim());
            assertEquals("root", c.execInContainerWithUser("root", "whoami").getStdout().trim());
            assertEquals("box", c.execInContainer("hostname").getStdout().trim());
            assertEquals("out\n", c.getLogs(OutputFrame.OutputType.STDOUT));
            assertEquals("err\n", c.getLogs(OutputFrame.OutputType.STDERR));
        }
    }

    @Test
    void dockerJavaCallsTestcontainersUsersMake() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX).withCommand("sleep", "600")) {
            c.start();
            DockerClient docker = c.getDockerClient();
            String id = c.getContainerId();
            TopContainerResponse top = docker.topContainerCmd(id).exec();
            assertTrue(List.of(top.getTitles()).contains("PID"), List.of(top.getTitles()).toString());
            assertTrue(Stream.of(top.getProcesses()).anyMatch(p -> String.join(" ", p).contains("sleep 600")));

            docker.pauseContainerCmd(id).exec();
            assertTrue(docker.inspectContainerCmd(id).exec().getState().getPaused());
            docker.unpauseContainerCmd(id).exec();
            assertTrue(!docker.inspectContainerCmd(id).exec().getState().getPaused());

            docker.renameContainerCmd(id).withName("renamed-" + id.substring(0, 8)).exec();
            assertEquals("/renamed-" + id.substring(0, 8), docker.inspectContainerCmd(id).exec().getName());

            docker.tagImageCmd(LocalImages.BUSYBOX_REFERENCE, "berth.test/retagged", "1").exec();
            assertEquals(docker.inspectImageCmd(LocalImages.BUSYBOX_REFERENCE).exec().getId(),
                    docker.inspectImageCmd("berth.test/retagged:1").exec().getId());
            docker.removeImageCmd("berth.test/retagged:1").exec();
        }
    }
}
