package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Volumes created, listed, used by containers, removed and pruned, as root. */
class VolumesTest extends BusyboxContainers {
    @Test
    void aCreatedVolumeKeepsItsLabelsAndIsTheOneAContainerMounts() throws Exception {
        java.time.Instant start = java.time.Instant.now();
        Volumes volumes = berth.volumes();
        Volume v = volumes.create("shared-data", Map.of("app", "web"), Map.of());
        assertEquals(home.resolve("volumes/shared-data/_data"), v.mountpoint());
        assertFalse(v.anonymous());
        assertEquals(v, volumes.create("shared-data", Map.of("other", "x"), Map.of()), "an existing volume is returned as it is");
        try (Container c = berth.container(IMAGE).user("root").volume("shared-data", "/data")
                .command("sh", "-c", "echo hi > /data/f").start()) {
            assertEquals(0, c.waitFor(), c.logs());
            assertEquals(List.of(c.id()), volumes.usedBy("shared-data"));
            IllegalStateException inUse = assertThrows(IllegalStateException.class, () -> volumes.remove("shared-data", true));
            assertTrue(inUse.getMessage().contains(c.id()), inUse.getMessage());
        }
        assertEquals("hi\n", Files.readString(v.mountpoint().resolve("f")));
        assertEquals(Map.of("app", "web"), volumes.find("shared-data").orElseThrow().labels());
        assertTrue(volumes.remove("shared-data", false));
        assertFalse(volumes.remove("shared-data", true));
        assertTrue(volumes.find("shared-data").isEmpty());
        assertFalse(Files.exists(v.mountpoint()));
        // As dockerd: the container's reference records a create too, and its run a mount and an unmount
        assertEquals(List.of("create shared-data", "create shared-data", "mount shared-data", "unmount shared-data",
                "destroy shared-data"), NetworkConnectTest.events(Event.VOLUME, start)
                .stream().filter(e -> e.contains("shared-data")).toList());
    }

    @Test
    void aVolumeMountedReadOnlyIsReadButNotWrittenAndShowsReadOnly() throws Exception {
        Volume v = berth.volumes().create("ro-data", Map.of(), Map.of());
        Files.writeString(v.mountpoint().resolve("f"), "kept\n");
        try (Container c = berth.container(IMAGE).user("root").volume("ro-data", "/data", true)
                .command("sh", "-c", "cat /data/f; echo x > /data/f || echo refused").start()) {
            assertEquals(0, c.waitFor(), c.logs());
            // stdout and stderr share the log, in either order
            assertTrue(c.logs().startsWith("kept\n") && c.logs().contains("refused\n"), c.logs());
            assertTrue(c.logs().contains("Read-only file system"), c.logs());
            ContainerDetails.Mount m = c.details().mounts().stream().filter(x -> x.destination().equals("/data")).findFirst()
                    .orElseThrow();
            assertEquals(new ContainerDetails.Mount(ContainerDetails.MountType.VOLUME, "ro-data", v.mountpoint().toString(),
                    "/data", true), m);
        }
        assertEquals("kept\n", Files.readString(v.mountpoint().resolve("f")));
        assertTrue(berth.volumes().remove("ro-data", false));
    }

    @Test
    void aContainersFirstUseCreatesAListedVolume() throws Exception {
        try (Container c = berth.container(IMAGE).volume("first-use", "/d").command("true").start()) {
            run(c);
        }
        Volume v = berth.volumes().find("first-use").orElseThrow();
        assertEquals(Map.of(), v.labels());
        assertTrue(berth.volumes().list().stream().anyMatch(x -> x.name().equals("first-use")));
        berth.volumes().remove("first-use", false);
    }

    @Test
    void pruneRemovesOnlyUnusedVolumesTheFilterSelects() throws Exception {
        Volumes volumes = berth.volumes();
        Volume anonymous = volumes.create(null, Map.of("session", "s1"), Map.of());
        assertTrue(anonymous.anonymous());
        assertTrue(anonymous.name().matches("[0-9a-f]{64}"), anonymous.name());
        volumes.create("named-s1", Map.of("session", "s1"), Map.of());
        volumes.create("named-s2", Map.of("session", "s2"), Map.of());
        volumes.create("used-s1", Map.of("session", "s1"), Map.of());
        Files.writeString(volumes.find("named-s1").orElseThrow().mountpoint().resolve("ten"), "0123456789");
        try (Container c = berth.container(IMAGE).volume("used-s1", "/d").command("true").start()) {
            run(c);
            Volumes.Pruned pruned = volumes.prune(v -> "s1".equals(v.labels().get("session")));
            assertEquals(List.of(anonymous.name(), "named-s1").stream().sorted().toList(), pruned.names().stream().sorted().toList());
            assertEquals(10, pruned.bytesFreed());
        }
        List<String> left = volumes.list().stream().map(Volume::name).filter(n -> n.contains("-s")).sorted().toList();
        assertEquals(List.of("named-s2", "used-s1"), left);
        assertEquals(left, volumes.prune(v -> v.name().contains("-s")).names().stream().sorted().toList());
    }

    @Test
    void invalidNamesAreRefusedNamingTheName() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> berth.volumes().create("../etc", Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("\"../etc\""), e.getMessage());
        assertTrue(berth.volumes().find("../etc").isEmpty());
        assertFalse(berth.volumes().remove(".lock", false));
    }
}
