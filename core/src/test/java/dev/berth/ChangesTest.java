package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** docker diff: a real container's changes to its image's files, from its overlay upper. */
class ChangesTest extends BusyboxContainers {
    private static final String SCRIPT = "echo more >> /etc/passwd; rm /etc/group;"
            + " mkdir -p /newdir/sub; touch /newdir/sub/f; rm -rf /home/user; mkdir /home/user; touch /home/user/new";

    @Test
    void theCopyDriverComparesTheCopiedRootWithTheImage() throws Exception {
        try (Berth vfs = Berth.builder().home(home).storageDriver(LayerStorage.VFS).build();
                Container c = vfs.container(IMAGE).user("0").command("sh", "-c", SCRIPT).start()) {
            assertEquals("", run(c));
            List<String> changes = c.changes().stream().map(ch -> ch.kind().letter() + " " + ch.path()).toList();
            // A directory deleted and made again is the same directory to a comparison: changed, not deleted.
            for (String expected : List.of("C /etc", "C /etc/passwd", "D /etc/group", "A /newdir", "A /newdir/sub",
                    "A /newdir/sub/f", "C /home", "A /home/user/new")) {
                assertTrue(changes.contains(expected), expected + " in " + changes);
            }
            assertFalse(changes.stream().anyMatch(s -> s.startsWith("C /bin") || s.contains(" /usr")), changes.toString());
        }
    }

    @Test
    void addedModifiedDeletedWithParentsAndAnOpaqueDirectory() throws Exception {
        try (Container c = berth.container(IMAGE).user("0").command("sh", "-c", SCRIPT).start()) {
            assertEquals("", run(c));
            List<String> changes = c.changes().stream().map(ch -> ch.kind().letter() + " " + ch.path()).toList();
            for (String expected : List.of("C /etc", "C /etc/passwd", "D /etc/group", "A /newdir", "A /newdir/sub",
                    "A /newdir/sub/f", "C /home", "D /home/user", "A /home/user/new")) {
                assertTrue(changes.contains(expected), expected + " in " + changes);
            }
            assertTrue(changes.indexOf("C /etc") < changes.indexOf("D /etc/group"), "in path order: " + changes);
            assertEquals(changes.size(), changes.stream().distinct().count(), "each path once: " + changes);
            assertFalse(changes.stream().anyMatch(s -> s.startsWith("C /bin") || s.contains(" /usr")), changes.toString());
            assertEquals(2, c.changes().stream().filter(ch -> ch.path().equals("/etc/group")).findFirst().orElseThrow()
                    .kind().code());
        }
    }

    @Test
    void onlyTheContainersOwnChangesNotTheMountPointsAndEtcFilesBerthMakes() throws Exception {
        try (Container c = berth.container(IMAGE).user("0").command("sh", "-c", "mkdir /newdir; echo hi > /newdir/f").start();
                Container idle = berth.container(IMAGE).workdir("/").command("true").start()) {
            assertEquals("", run(c));
            run(idle);
            // As dockerd, which hides its init layer: no /dev, /proc, /sys, /etc/hostname, /etc/hosts,
            // /etc/resolv.conf, nor the /etc made or touched only for them. The image's working
            // directory, missing from its layers, is made in the container's own layer, as dockerd does.
            assertEquals(List.of("A /newdir", "A /newdir/f", "A /srv", "A /srv/app"),
                    c.changes().stream().map(ch -> ch.kind().letter() + " " + ch.path()).toList());
            assertEquals(List.of(), idle.changes());
        }
    }
}
