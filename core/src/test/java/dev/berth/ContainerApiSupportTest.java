package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.wait.Wait;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Engine API server asks of a container beyond {@link ContainerTest}: an exec that
 * streams and reports its exit code later, the details {@code docker inspect} shows, and the
 * stat of a path that {@code docker cp} asks for first.
 */
class ContainerApiSupportTest extends BusyboxContainers {
    @Test
    void startedExecStreamsItsOutputAndReportsItsExitCodeOnceItHasExited() throws Exception {
        try (Container c = berth.container(IMAGE).command("sh", "-c", "echo ready; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            try (ExecProcess p = c.startExec(ExecOptions.command("sh", "-c", "echo out; read line; echo got $line >&2; exit 5")
                    .stdin(new ByteArrayInputStream("fed\n".getBytes(StandardCharsets.UTF_8))))) {
                assertTrue(p.pid() > 0);
                assertEquals("out\n", new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals("got fed\n", new String(p.stderr().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(5, p.waitFor());
                assertEquals(5, p.onExit().get(20, TimeUnit.SECONDS));
                assertEquals(5, p.exitCode().getAsInt());
                assertFalse(p.isRunning());
            }
            ExecProcess sleeping = c.startExec(ExecOptions.command("sleep", "600"));
            assertTrue(sleeping.isRunning());
            assertTrue(sleeping.exitCode().isEmpty());
            sleeping.close(); // kills it
            assertEquals(128 + 9, sleeping.exitCode().getAsInt());
        }
    }

    @Test
    void detailsShowTheResolvedConfigMountsAndPorts(@TempDir Path data) throws Exception {
        try (Container c = berth.container(IMAGE).name("detailed").env("K", "V").label("team", "a")
                .bind(data, "/data", true).volume("details-vol", "/vol").tmpfs("/scratch").memory(64L << 20).pids(50)
                .hostname("box").command("sh", "-c", "echo ready; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            ContainerDetails d = c.details();
            assertEquals(c.id(), d.id());
            assertEquals("detailed", d.name());
            assertEquals(IMAGE, d.image());
            assertTrue(d.imageId().startsWith("sha256:"), d.imageId());
            assertEquals(berth.image(IMAGE).id(), d.imageId());
            assertEquals(d.imageId(), berth.images().find(IMAGE).orElseThrow().id());
            assertEquals(Optional.empty(), berth.images().find("berth.test/none:1"));
            assertEquals(List.of("sh", "-c", "echo ready; exec sleep 600"), d.cmd());
            assertTrue(d.env().contains("K=V"), d.env().toString());
            assertEquals("/srv/app", d.workdir());
            assertEquals("user", d.user());
            assertEquals("box", d.hostname());
            assertEquals("a", d.labels().get("team"));
            assertEquals(List.of(8080), d.exposedPorts());
            assertEquals(64L << 20, d.limits().memoryBytes());
            assertEquals(50, d.limits().pids());
            assertEquals(List.of("/scratch"), d.tmpfs());
            assertTrue(d.mounts().contains(new ContainerDetails.Mount(ContainerDetails.MountType.BIND, null,
                    data.toAbsolutePath().toString(), "/data", true)), d.mounts().toString());
            ContainerDetails.Mount vol = d.mounts().stream().filter(m -> m.destination().equals("/vol")).findFirst().orElseThrow();
            assertEquals(ContainerDetails.MountType.VOLUME, vol.type());
            assertEquals("details-vol", vol.volume());
            assertEquals(NetworkMode.NONE, d.network().mode());
            assertEquals(Optional.empty(), d.network().network());
            assertEquals(List.of(), d.network().ports());
            assertFalse(d.created().isAfter(java.time.Instant.now()));
        }
    }

    @Test
    void statPathTellsFilesDirectoriesAndLinksWithoutFollowingTheLastOne() throws Exception {
        try (Container c = berth.container(IMAGE).user("root")
                .command("sh", "-c", "mkdir -p /tmp/d; printf 12345 > /tmp/d/f; chmod 640 /tmp/d/f; ln -s /tmp/d/f /tmp/link;"
                        + " ln -s /etc/passwd /tmp/d/out; echo ready; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            PathStat f = c.statPath("/tmp/d/f").orElseThrow();
            assertEquals("f", f.name());
            assertEquals(5, f.size());
            assertEquals(0100640, f.mode());
            assertEquals("", f.linkTarget());
            PathStat d = c.statPath("/tmp/d").orElseThrow();
            assertTrue(d.isDirectory());
            PathStat link = c.statPath("/tmp/link").orElseThrow();
            assertTrue(link.isSymlink());
            assertEquals("/tmp/d/f", link.linkTarget());
            assertEquals(Optional.empty(), c.statPath("/tmp/none"));
            c.stop();
            // A stopped container's files are reached through its mounted root.
            assertEquals(5, c.statPath("/tmp/d/f").orElseThrow().size());
            assertEquals(Optional.empty(), c.statPath("/nowhere/x"));
        }
    }
}
