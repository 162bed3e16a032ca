package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.PseudoTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's root and what is mounted in it, and what outlives one run: commit, copies, restart, volumes. */
class ContainerRootTest extends BusyboxContainers {
    @TempDir
    Path host;

    private Container sleeping(ContainerBuilder<?> b) {
        return b.command("sleep", "600").start();
    }

    @Test
    void commitMakesAnImageThatRunsWithTheAddedFileAndWithoutTheDeletedOne() throws Exception {
        Image committed;
        try (Container c = berth.container(IMAGE).user("root").env("ADDED", "by-run").workdir("/srv")
                .command("sh", "-c", "echo committed > /srv/marker; rm /bin/vi").start()) {
            assertEquals(0, c.waitFor());
            committed = c.commit("berth.test/committed:1");
        }
        ImageDetails image = berth.store().inspect("berth.test/committed:1");
        assertEquals(committed.digest(), image.manifest().digest().toString());
        assertEquals(committed, berth.image("berth.test/committed:1"));
        assertEquals(2, committed.layerCount());
        assertTrue(image.config().value().history().get(image.config().value().history().size() - 1).createdBy()
                .startsWith("berth commit"));
        // Docker's commit keeps the container's config, not the image's.
        assertEquals(List.of("sh", "-c", "echo committed > /srv/marker; rm /bin/vi"), committed.command());
        assertEquals("by-run", committed.env().get("ADDED"));
        assertEquals("image", committed.env().get("FROM_IMAGE"));
        assertFalse(committed.env().containsKey("HOSTNAME"), committed.env().toString());
        assertEquals(Optional.of("root"), committed.user());
        assertEquals(Optional.of("/srv"), committed.workingDir());
        try (Container next = berth.container("berth.test/committed:1")
                .command("sh", "-c", "cat /srv/marker; test -e /bin/vi || echo vi-gone; echo $FROM_IMAGE $ADDED; id -u").start()) {
            assertEquals("committed\nvi-gone\nimage by-run\n0\n", run(next));
        }
        try (Container byImage = berth.container(committed).command("cat", "marker").start()) {
            assertEquals("committed\n", run(byImage));
        }
    }

    @Test
    void copiedFilesGoInAndOutOfARunningContainerAndSymlinksResolveInsideIt() throws Exception {
        Path source = Files.writeString(host.resolve("in.txt"), "from host\n");
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-x---"));
        Path probe = Path.of("/etc/berth-copy-probe-" + ProcessHandle.current().pid());
        try (Container c = sleeping(berth.container(IMAGE).user("root"))) {
            assertEquals(0, c.exec("ln", "-s", "/etc", "/tmp/escape").exitCode());
            c.copyFileTo(source, "/tmp/escape/" + probe.getFileName());
            assertFalse(Files.exists(probe), "a copy through a container symlink reached the host's /etc");
            assertEquals("from host\n750\n", c.exec("sh", "-c", "cat " + probe + "; stat -c %a " + probe).stdout());
            c.copyFileTo(source, "/new/dir/in.txt");
            assertEquals("from host\n", c.exec("cat", "/new/dir/in.txt").stdout());

            Path out = host.resolve("hostname");
            c.copyFileFrom("/etc/hostname", out);
            assertEquals(c.id().substring(0, 12) + "\n", Files.readString(out));
        }
    }

    @Test
    void filesGoInAndOutOfAStoppedContainerThroughItsOwnRootAndNothingStaysMounted() throws Exception {
        Path source = Files.writeString(host.resolve("late.txt"), "after exit\n");
        Path probe = Path.of("/etc/berth-stopped-probe-" + ProcessHandle.current().pid());
        try (Container c = berth.container(IMAGE).user("root")
                .command("sh", "-c", "echo written > /srv/out.txt; rm /etc/group; ln -s /etc /srv/escape").start()) {
            assertEquals(0, c.waitFor());
            Path out = host.resolve("out.txt");
            c.copyFileFrom("/srv/out.txt", out);
            assertEquals("written\n", Files.readString(out));
            // A file the container deleted is gone in its root, not read from the image's layer.
            ContainerException deleted = assertThrows(ContainerException.class,
                    () -> c.copyFileFrom("/etc/group", host.resolve("group")));
            assertTrue(deleted.getMessage().contains("/etc/group"), deleted.getMessage());
            c.copyFileTo(source, "/srv/escape/" + probe.getFileName());
            assertFalse(Files.exists(probe), "a copy into a stopped container followed its symlink onto the host");
            assertTrue(Files.readString(c.directory().resolve("upper/etc/" + probe.getFileName())).equals("after exit\n"));
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(c.directory().toString()),
                    "the stopped container's root stayed mounted");
        }
    }

    @Test
    void imageVolumesGetAnAnonymousVolumeSeededFromTheImageThatCommitLeavesOut(@TempDir Path scratch) throws Exception {
        Path seed = TestImages.layerWithFile(scratch.resolve("seed"), "srv/data/seed.txt", "seeded\n");
        RuntimeConfig config = new RuntimeConfig(null, null, List.of("PATH=/bin"), null, List.of("sh"),
                Set.of("/srv/data", "/srv/empty/"), null, null, null, null, null, null, null);
        BusyboxImage.store(home, scratch.resolve("image"), "berth.test/volumes:1", config, List.of(seed));
        assertEquals(Set.of("/srv/data", "/srv/empty/"), berth.image("berth.test/volumes:1").volumes());
        Path hostData = Files.createDirectory(host.resolve("bound"));
        try (Container c = berth.container("berth.test/volumes:1").bind(hostData, "/srv/empty", false)
                .command("sh", "-c", "cat /srv/data/seed.txt; echo new > /srv/data/new.txt; echo bound > /srv/empty/b;"
                        + " grep -c ' /srv/data ' /proc/self/mountinfo").start()) {
            assertEquals("seeded\n1\n", run(c));
            // The volume is outside the upper: commit does not carry it, as in Docker.
            Image committed = c.commit((String) null);
            try (Container next = berth.container(committed).command("sh", "-c", "ls /srv/data").start()) {
                assertEquals("seed.txt\n", run(next));
            }
            assertEquals("bound\n", Files.readString(hostData.resolve("b")), "a bind over a VOLUME path replaces its volume");
            assertTrue(Files.exists(c.directory().resolve("volumes/0/new.txt")));
            assertFalse(Files.exists(c.directory().resolve("volumes/1")), "a covered VOLUME path got a volume too");
        }
    }

    @Test
    void archivesKeepModesAndOwnersAndMayNotLeaveTheirDirectory() throws Exception {
        try (Container c = sleeping(berth.container(IMAGE).user("root"))) {
            c.copyArchiveTo(new ByteArrayInputStream(tar("app/", 0750, null, "app/run.sh", 0755, "echo hi\n")), "/opt");
            assertEquals("750 0:0\n755 1000:1000\nhi\n", c.exec("sh", "-c",
                    "stat -c '%a %u:%g' /opt/app /opt/app/run.sh; sh /opt/app/run.sh").stdout());

            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            c.copyArchiveFrom("/opt/app", archive);
            List<String> names = new ArrayList<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    names.add(e.getName() + " " + Integer.toOctalString(e.getMode() & 07777));
                }
            }
            assertEquals(List.of("app/ 750", "app/run.sh 755"), names);

            ContainerException e = assertThrows(ContainerException.class, () -> c.copyArchiveTo(
                    new ByteArrayInputStream(tar("../../escaped", 0644, "x", null, 0, null)), "/opt/app"));
            assertTrue(e.getMessage().contains("leaves"), e.getMessage());
            assertEquals(1, c.exec("test", "-e", "/escaped").exitCode());
        }
    }

    /** A tar of one entry (a directory when {@code content} is null), and a file owned by 1000:1000 if given. */
    private static byte[] tar(String first, int firstMode, String content, String file, int fileMode, String fileContent)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            add(tar, first, firstMode, content, 0);
            if (file != null) {
                add(tar, file, fileMode, fileContent, 1000);
            }
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, int mode, String content, int owner) throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode((content == null ? 040000 : 0100000) | mode);
        e.setIds(owner, owner);
        byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void restartRunsTheCommandAgainInTheSameRootAndTheLogContinues() throws Exception {
        try (Container c = berth.container(IMAGE).user("root")
                .command("sh", "-c", "echo run >> /srv/runs; echo runs=$(wc -l < /srv/runs); exec sleep 600").start()) {
            awaitLog(c, "runs=1");
            int firstPid = c.state().pid();
            c.restart(Duration.ofSeconds(5));
            assertTrue(c.isRunning());
            assertNotEquals(firstPid, c.state().pid());
            awaitLog(c, "runs=2");
            assertTrue(c.logs().startsWith("runs=1\n"), c.logs());
        }
    }

    @Test
    void aRestartGivesTheNextRunATerminalToo() throws Exception {
        try (Container c = berth.container(IMAGE).user("root").terminal(true)
                .command("sh", "-c", "if test -t 0 && test -t 2; then tty; else echo none; fi >> /srv/runs; exec sleep 600").start();
                PseudoTerminal first = c.terminal()) {
            awaitRuns(c, 1);
            c.restart(Duration.ofSeconds(1));
            try (PseudoTerminal second = c.terminal()) {
                assertNotSame(first, second, "each run has a terminal of its own devpts");
                // The second run is on a terminal too, not on /dev/null: pts/0 of its new devpts.
                assertEquals("/dev/pts/0\n/dev/pts/0\n", awaitRuns(c, 2));
            }
        }
    }

    /** The lines of /srv/runs once it has {@code n}. */
    private static String awaitRuns(Container c, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String runs = c.exec("cat", "/srv/runs").stdout();
        while (runs.lines().count() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            runs = c.exec("cat", "/srv/runs").stdout();
        }
        assertEquals(n, runs.lines().count(), "/srv/runs: " + runs);
        return runs;
    }

    private static void awaitLog(Container c, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.logs().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(c.logs().contains(text), "no \"" + text + "\" in " + c.logs());
    }

    @Test
    void aNamedVolumeKeepsItsFilesForTheNextContainer() throws Exception {
        String volume = "vol-" + ProcessHandle.current().pid();
        try (Container c = berth.container(IMAGE).user("root").volume(volume, "/data")
                .command("sh", "-c", "echo kept > /data/f").start()) {
            assertEquals(0, c.waitFor());
        }
        assertEquals("kept\n", Files.readString(home.resolve("volumes").resolve(volume).resolve("_data/f")));
        try (Container c = berth.container(IMAGE).volume(volume, "/elsewhere").command("cat", "/elsewhere/f").start()) {
            assertEquals("kept\n", run(c));
        }
    }

    @Test
    void aReadOnlyRootRefusesWritesWhileTmpfsAndGeneratedEtcFilesWork() throws Exception {
        try (Container c = berth.container(IMAGE).user("root").readOnlyRoot(true).tmpfs("/scratch").hostname("ro-box")
                .command("sh", "-c", "touch /srv/x 2>/dev/null && echo root-writable;"
                        + " touch /scratch/x && echo tmpfs-ok; grep -c ro-box /etc/hosts; cat /etc/hostname;"
                        + " grep ' /scratch ' /proc/mounts | cut -d' ' -f3; test -s /etc/resolv.conf && echo resolv")
                .start()) {
            assertEquals("tmpfs-ok\n1\nro-box\ntmpfs\nresolv\n", run(c));
        }
    }

    @Test
    void bindMountsAreReadOnlyOrWritableAsAsked() throws Exception {
        Path ro = Files.createDirectories(host.resolve("ro"));
        Path rw = Files.createDirectories(host.resolve("rw"));
        Files.writeString(ro.resolve("given"), "given\n");
        try (Container c = berth.container(IMAGE).user("root").bind(ro, "/in", true).bind(rw, "/out", false)
                .command("sh", "-c", "cat /in/given; touch /in/no 2>/dev/null || echo ro-refused; echo made > /out/made")
                .start()) {
            assertEquals("given\nro-refused\n", run(c));
        }
        assertFalse(Files.exists(ro.resolve("no")));
        assertEquals("made\n", Files.readString(rw.resolve("made")));
    }

    @Test
    void aNofileUlimitIsTheOneSeenInside() throws Exception {
        try (Container c = berth.container(IMAGE).ulimit("nofile", 256, 512)
                .command("sh", "-c", "ulimit -n; ulimit -Hn").start()) {
            assertEquals("256\n512\n", run(c));
        }
    }

    @Test
    void anExecRunsUnderTheContainersUlimits() throws Exception {
        // rlimits are inherited from the parent, which for an exec is the JVM's helper: without the
        // container's own, an exec'd process (say a fork bomb under nproc) would escape them.
        try (Container c = berth.container(IMAGE).ulimit("nofile", 256, 512).ulimit("nproc", 64, 64)
                .command("sleep", "60").start()) {
            assertEquals("256\n512\n64\n", c.exec("sh", "-c", "ulimit -n; ulimit -Hn; ulimit -u").stdout());
        }
    }

    @Test
    void stdinIsAPipeToTheMainProcessUntilClosed() throws Exception {
        try (Container c = berth.container(IMAGE).stdin(true).command("sh", "-c", "while read l; do echo got $l; done; echo eof")
                .start()) {
            try (OutputStream in = c.stdin()) {
                in.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals("got one\ngot two\neof\n", run(c));
        }
    }
}
