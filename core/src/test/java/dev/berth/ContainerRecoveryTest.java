package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two JVMs on one home, and what {@code Berth.open()} does after one of them is killed with SIGKILL. */
class ContainerRecoveryTest extends BusyboxContainers {

    /** The second JVM, with a container started; closed by SIGKILL. */
    private record OtherJvm(Process jvm, String containerId, long containerPid) {
    }

    private static OtherJvm startOtherJvm(String sleepMarker) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ContainerOwnerMain.class.getName(), home.toString(), sleepMarker)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(line, "the other JVM exited without starting its container");
        String[] parts = line.split(" ");
        return new OtherJvm(jvm, parts[0], Long.parseLong(parts[1]));
    }

    @Test
    void twoJvmsShareAHomeAndOpenAfterAKilledJvmRemovesItsContainerCgroupAndProcesses() throws Exception {
        String marker = "6" + (ProcessHandle.current().pid() % 100000); // a sleep length no other process uses
        OtherJvm other = startOtherJvm(marker);
        try {
            Path otherDir = home.resolve("containers").resolve(other.containerId());
            String shortId = other.containerId().substring(0, 12);
            // This JVM opened the home before the other started; a second open must keep its container.
            try (Berth second = Berth.builder().home(home).build();
                    Container mine = second.container(IMAGE).command("sleep", "600").start()) {
                assertTrue(Files.isDirectory(otherDir), "open removed a live JVM's container");
                assertEquals("ok\n", mine.exec("echo", "ok").stdout());
            }
            assertTrue(Files.isDirectory(otherDir));
            assertFalse(Leaks.cgroups(shortId).isEmpty(), "the other JVM's container has no cgroup to check");

            other.jvm().destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(other.jvm().waitFor(10, TimeUnit.SECONDS));
            try (Berth afterCrash = Berth.builder().home(home).build()) {
                assertFalse(Files.exists(otherDir), "state of the dead JVM's container is left");
                assertEquals(List.of(), Leaks.cgroups(shortId));
                assertEquals(List.of(), Leaks.processes("sleep " + marker));
                assertTrue(ProcessHandle.of(other.containerPid()).map(p -> !p.isAlive()).orElse(true));
                assertEquals(List.of(), Leaks.mounts(other.containerId()));
                assertEquals(List.of(), Leaks.mounts(home.toString()));
                try (Container after = afterCrash.container(IMAGE).command("echo", "still works").start()) {
                    assertEquals("still works\n", run(after));
                }
            }
        } finally {
            other.jvm().destroyForcibly();
        }
    }

    @Test
    void aDirectoryLeftWithoutOwnerMidCreateIsRemovedOnceOld() throws Exception {
        Path stale = Files.createDirectories(home.resolve("containers").resolve("f".repeat(64)).resolve("upper"));
        Path young = Files.createDirectories(home.resolve("containers").resolve("e".repeat(64)));
        Files.setLastModifiedTime(stale.getParent(), java.nio.file.attribute.FileTime.fromMillis(0));
        try (Berth reopened = Berth.builder().home(home).build()) {
            assertFalse(Files.exists(stale.getParent()));
            assertTrue(Files.exists(young), "a directory another JVM is creating now was removed");
        } finally {
            Files.deleteIfExists(young);
        }
    }
}
