package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A removed container's directory leaves the store at once and is deleted in the background, or by close, or by the next open. */
class RemovedContainersTest {
    private static ContainerDirectory container(Path home, String id) throws Exception {
        ContainerDirectory dir = ContainerDirectory.of(home.resolve("containers"), id).create(new ContainerOwner(1, 1));
        Files.writeString(dir.upper().resolve("file"), "written by the container");
        // As overlay leaves its work directory: mode 000.
        Files.createDirectories(dir.work().resolve("work"));
        Files.setPosixFilePermissions(dir.work().resolve("work"), PosixFilePermissions.fromString("---------"));
        return dir;
    }

    private static List<Path> entries(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void theDirectoryIsGoneFromTheStoreAtOnceAndDeletedByCloseAtTheLatest(@TempDir Path home) throws Exception {
        RemovedContainers removed = new RemovedContainers(home);
        ContainerDirectory a = container(home, "a".repeat(64));
        ContainerDirectory b = container(home, "b".repeat(64));
        removed.remove(a);
        assertFalse(Files.exists(a.root()), "still in the store");
        assertEquals(List.of(b.root()), entries(home.resolve("containers")));
        removed.close();
        assertEquals(List.of(), entries(removed.directory()), "left after close");
        // Closed: deleted at once.
        removed.remove(b);
        assertFalse(Files.exists(b.root()));
        assertEquals(List.of(), entries(removed.directory()));
    }

    @Test
    void whatACrashedJvmLeftIsSweptAndALiveOnesIsLeftToIt(@TempDir Path home) throws Exception {
        RemovedContainers removed = new RemovedContainers(home);
        Path trash = Files.createDirectories(removed.directory());
        Path crashed = Files.createDirectories(trash.resolve("c".repeat(64) + ".999999999.1").resolve("upper"));
        Path legacy = Files.createDirectories(trash.resolve("d".repeat(64)));
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            Path others = Files.createDirectories(trash.resolve("e".repeat(64) + "." + alive.pid() + ".1"));
            List<Path> swept = removed.sweep();
            assertEquals(2, swept.size(), swept.toString());
            assertFalse(Files.exists(crashed.getParent()));
            assertFalse(Files.exists(legacy));
            assertTrue(Files.exists(others), "another live JVM's pending deletion was taken from it");
        } finally {
            alive.destroyForcibly().waitFor();
        }
    }
}
