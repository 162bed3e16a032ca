package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.store.ImageNotFoundException;
import dev.berth.registry.testing.LocalRegistryExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image features the Engine API serves, through the Java API: history, commit with changes,
 * builds from a tar context stream, load and save through streams, removal with Docker's
 * conflicts, prune with filters, disk usage, and pull and push with per-operation credentials.
 */
class ImageEngineApiTest extends BusyboxContainers {
    @RegisterExtension
    static final LocalRegistryExtension LOGIN = LocalRegistryExtension.htpasswd("dave", "dave-pw");

    @Test
    void historyListsEachStepNewestFirstWithTheImageIdOnTop() throws Exception {
        Image built = berth.imageBuilder().from(IMAGE).env("A", "1").run("echo x > /tmp/x").build("localhost/history:1");
        List<ImageHistory> history = built.history();
        assertEquals(built.id(), history.get(0).id());
        assertEquals(List.of("localhost/history:1"), history.get(0).tags());
        assertTrue(history.get(0).createdBy().startsWith("RUN"), history.get(0).toString());
        assertTrue(history.get(0).size() > 0, "the RUN step made a layer");
        assertEquals(ImageHistory.MISSING, history.get(1).id());
        assertTrue(history.get(1).createdBy().startsWith("ENV A=1"), history.get(1).toString());
        assertEquals(0, history.get(1).size(), "ENV made no layer");
        assertEquals(built.layerCount(), history.stream().filter(h -> h.size() > 0).count());
        berth.images().remove("localhost/history:1", false);
    }

    @Test
    void commitAppliesChangesAuthorAndCommentAndMayLeaveTheImageUntagged() throws Exception {
        Image committed;
        try (Container c = berth.container(IMAGE).user("root").command("sh", "-c", "echo hi > /srv/file").start()) {
            assertEquals(0, c.waitFor());
            committed = c.commit(CommitOptions.create().author("Ann <ann@example.org>").comment("a message")
                    .cmd(List.of("cat", "/srv/file")).labels(Map.of("from.body", "yes"))
                    .change("ENV GREETING=\"hello $FROM_IMAGE\"").change("EXPOSE 9090/udp").change("LABEL stage=two")
                    .change("WORKDIR /srv").change("USER nobody").change("STOPSIGNAL SIGINT")
                    .change("ONBUILD RUN echo child").change("VOLUME /data").change("ENTRYPOINT [\"/bin/sh\", \"-c\"]"));
            IllegalArgumentException bad = assertThrows(ContainerException.class,
                    () -> c.commit(CommitOptions.create().change("RUN rm -rf /"))).getCause() instanceof IllegalArgumentException i
                    ? i : null;
            assertTrue(bad != null && bad.getMessage().contains("RUN"), String.valueOf(bad));
        }
        assertEquals(Optional.empty(), committed.reference());
        assertEquals(committed, berth.image(committed.id()), "an untagged commit is kept, found by ID");
        assertEquals("hello image", committed.env().get("GREETING"));
        assertTrue(committed.exposedPorts().containsAll(Set.of("9090/udp", "8080/tcp")), committed.exposedPorts().toString());
        assertEquals(Map.of("org.example.origin", "image", "from.body", "yes", "stage", "two"), committed.labels());
        assertEquals(Optional.of("/srv"), committed.workingDir());
        assertEquals(Optional.of("nobody"), committed.user());
        assertEquals(Optional.of("SIGINT"), committed.stopSignal());
        assertEquals(Set.of("/data"), committed.volumes());
        assertEquals(List.of("/bin/sh", "-c"), committed.entrypoint());
        assertEquals(Optional.of("Ann <ann@example.org>"), committed.author());
        assertEquals("a message", committed.history().get(0).comment());
        assertTrue(new String(committed.configJson(), StandardCharsets.UTF_8).contains("\"OnBuild\":[\"RUN echo child\"]"));
        ImageRemoval removed = berth.images().remove(committed.id(), false);
        assertEquals(List.of(committed.id()), removed.deleted());
        assertThrows(ImageNotFoundException.class, () -> berth.image(committed.id()));
    }

    @Test
    void aTarContextStreamBuildsWithItsDockerfilePathBuildArgsTargetAndLabels() throws Exception {
        String dockerfile = "FROM " + IMAGE + " AS base\nUSER root\nARG WHO=nobody\nCOPY greeting.txt /greeting.txt\n"
                + "RUN echo \"$WHO\" >> /greeting.txt\nFROM base AS final\nCMD [\"cat\", \"/greeting.txt\"]\n"
                + "FROM base AS unused\nRUN exit 3\n";
        byte[] context = gzip(tar(Map.of("build/Dockerfile.app", dockerfile, "greeting.txt", "hello\n")));
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        java.time.Instant start = java.time.Instant.now().minusSeconds(1);
        Image image = berth.imageBuilder().fromContextArchive(new ByteArrayInputStream(context), "build/Dockerfile.app")
                .buildArg("WHO", "world").target("final").labels(Map.of("built.by", "test"))
                .listener(new BuildListener() {
                    @Override
                    public void stepStarted(int number, int total, String instruction) {
                        steps.add(number + "/" + total + " " + instruction);
                    }
                }).build("localhost/ctx:1");
        assertEquals("test", image.labels().get("built.by"));
        List<String> events = new ArrayList<>();
        try (EventStream stream = berth.events(EventQuery.create().since(start).filter("type", "image").filter("event", "tag"))) {
            for (Event e = stream.next(java.time.Duration.ofSeconds(5)); e != null; e = stream.next(java.time.Duration.ofMillis(200))) {
                events.add(e.actorId() + " " + e.attributes().get("name"));
            }
        }
        assertTrue(events.contains(image.id() + " localhost/ctx:1"), "the build's tag is an event: " + events);
        // As dockerd: the familiar name for a tag, the image id for an untag, and the image's labels.
        java.time.Instant tagging = java.time.Instant.now();
        berth.tag(image, "docker.io/library/ctxtag:2");
        berth.removeImage("ctxtag:2");
        List<String> tagEvents = new ArrayList<>();
        try (EventStream stream = berth.events(EventQuery.create().since(tagging).filter("type", "image"))) {
            for (Event e = stream.next(java.time.Duration.ofSeconds(5)); e != null; e = stream.next(java.time.Duration.ofMillis(200))) {
                tagEvents.add(e.action() + " " + e.actorId() + " " + e.attributes().get("name") + " " + e.attributes().get("built.by"));
            }
        }
        assertTrue(tagEvents.contains("tag " + image.id() + " ctxtag:2 test"), tagEvents.toString());
        assertTrue(tagEvents.contains("untag " + image.id() + " " + image.id() + " test"), tagEvents.toString());
        assertEquals("1/8 FROM " + IMAGE + " AS base", steps.get(0));
        assertEquals("8/8 LABEL built.by=test", steps.get(7));
        try (Container c = berth.container(image).user("root").start()) {
            assertEquals("hello\nworld\n", finished(c));
        }
        List<Path> layerDirs = berth.layerDirectories(image);
        assertEquals(image.layerCount(), layerDirs.size(), "every layer unpacked once run: " + layerDirs);
        assertTrue(Files.isDirectory(layerDirs.get(layerDirs.size() - 1).resolve("bin")), "the base (busybox) layer is last: " + layerDirs);
        try (var dirs = Files.list(home.resolve("build-tmp"))) {
            assertEquals(List.of(), dirs.toList(), "the unpacked context is deleted");
        }
        BuildException missing = assertThrows(BuildException.class, () -> berth.imageBuilder()
                .fromContextArchive(new ByteArrayInputStream(bzip2(tar(Map.of("a", "b")))), null));
        assertEquals("Cannot locate specified Dockerfile: Dockerfile", missing.getMessage());
        BuildException missingInXz = assertThrows(BuildException.class, () -> berth.imageBuilder()
                .fromContextArchive(new ByteArrayInputStream(xz(tar(Map.of("a", "b")))), "sub/Dockerfile"));
        assertEquals("Cannot locate specified Dockerfile: sub/Dockerfile", missingInXz.getMessage());
        BuildException escape = assertThrows(BuildException.class, () -> berth.imageBuilder()
                .fromContextArchive(new ByteArrayInputStream(tar(Map.of("Dockerfile", "FROM scratch\n"))), "../Dockerfile"));
        assertTrue(escape.getMessage().contains("../Dockerfile"), escape.getMessage());
        berth.images().remove("localhost/ctx:1", false);
    }

    @Test
    void importMakesAOneLayerImageFromARootFileSystemTar(@TempDir Path scratch) throws Exception {
        Path rootfs = dev.berth.namespaces.testing.BusyboxRootfs.create(scratch.resolve("rootfs"));
        Path tar = dev.berth.image.testing.TestImages.tar(rootfs, scratch.resolve("rootfs.tar"));
        byte[] gzipped = gzip(Files.readAllBytes(tar));
        Image imported = berth.importImage(new ByteArrayInputStream(gzipped),
                CommitOptions.create().reference("localhost/imported:1").change("CMD [\"echo\", \"imported\"]"));
        assertEquals(1, imported.layerCount());
        assertEquals(List.of("echo", "imported"), imported.command());
        assertEquals("Imported from -", imported.history().get(0).comment());
        try (Container c = berth.container("localhost/imported:1").start()) {
            assertEquals("imported\n", finished(c));
        }
        berth.images().remove("localhost/imported:1", false);
    }

    @Test
    void saveToAStreamAndLoadFromOneRoundTrips(@TempDir Path otherHome) throws Exception {
        Image image = berth.image(IMAGE);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        berth.save(List.of(IMAGE), archive, ArchiveFormat.DOCKER);
        try (Berth other = Berth.builder().home(otherHome).withoutDockerConfig().build()) {
            List<Image> loaded = other.load(new ByteArrayInputStream(archive.toByteArray()));
            assertEquals(1, loaded.size());
            assertEquals(image.id(), loaded.get(0).id());
            assertEquals(Optional.of(IMAGE), loaded.get(0).reference());
            assertThrows(IOException.class, () -> other.load(new ByteArrayInputStream("not a tar".getBytes())));
            try (var files = Files.list(otherHome.resolve("tmp"))) {
                assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("load-")).toList());
            }
        }
        assertThrows(ImageNotFoundException.class, () -> berth.save(List.of("localhost/nosuch:1"),
                new ByteArrayOutputStream(), ArchiveFormat.DOCKER));
    }

    @Test
    void removalNeedsForceWhileAContainerUsesTheImageAndForceKeepsItUntagged() throws Exception {
        Image image = berth.imageBuilder().from(IMAGE).label("rm", "me").build("localhost/inuse:1");
        berth.tag(image, "localhost/inuse:2");
        assertEquals(new ImageRemoval(List.of("localhost/inuse:2"), List.of(), 0),
                berth.images().remove("localhost/inuse:2", false), "another tag remains: only untagged");
        try (Container c = berth.container("localhost/inuse:1").command("true").start()) {
            c.waitFor();
            ImageInUseException conflict = assertThrows(ImageInUseException.class,
                    () -> berth.images().remove("localhost/inuse:1", false));
            assertTrue(conflict.getMessage().startsWith("conflict: unable to remove repository reference \"localhost/inuse:1\""
                    + " (must force) - container " + c.id().substring(0, 12)), conflict.getMessage());
            assertEquals(1, berth.images().usersOf(image).size());
            ImageRemoval forced = berth.images().remove("localhost/inuse:1", true);
            assertEquals(List.of("localhost/inuse:1"), forced.untagged());
            assertEquals(List.of(), forced.deleted());
            assertEquals(image, berth.image(image.id()), "kept, untagged, for the container");
            assertEquals(1, berth.diskUsage().containers().stream().filter(u -> u.container().id().equals(c.id())).count());
            DiskUsage.ImageUsage usage = berth.diskUsage().images().stream()
                    .filter(u -> u.image().id().equals(image.id())).findFirst().orElseThrow();
            assertEquals(1, usage.containers());
            assertTrue(usage.sharedSize() > 0, "the busybox layer is shared with the base image");
            // As dockerd (and what the CLI's RECLAIMABLE needs): sizes measure the same unpacked layers.
            DiskUsage all = berth.diskUsage();
            long unique = 0;
            for (DiskUsage.ImageUsage u : all.images()) {
                assertTrue(u.sharedSize() <= u.size(), u.toString());
                unique += u.size() - u.sharedSize();
            }
            long sharedOnce = all.images().stream().filter(u -> u.sharedSize() > 0).mapToLong(DiskUsage.ImageUsage::sharedSize)
                    .max().orElse(0);
            assertTrue(unique + sharedOnce <= all.layersSize(), "LayersSize " + all.layersSize() + " holds every image's layers: " + all);
            assertEquals(0, berth.images().prune(true, i -> true).deleted().size(), "in use: not pruned");
        }
        ImageRemoval pruned = berth.images().prune(true, i -> i.labels().containsKey("rm"));
        assertEquals(List.of(image.id()), pruned.deleted());
        assertTrue(berth.images().list().stream().anyMatch(i -> i.reference().equals(Optional.of(IMAGE))), "tagged: kept");
    }

    @Test
    void pruneWithoutDanglingOnlyRemovesTaggedImagesTheFilterAccepts() throws Exception {
        berth.imageBuilder().from(IMAGE).label("keep", "no").build("localhost/prune-a:1");
        berth.imageBuilder().from(IMAGE).label("keep", "yes").build("localhost/prune-b:1");
        ImageRemoval pruned = berth.images().prune(false, i -> "no".equals(i.labels().get("keep")));
        assertEquals(List.of("localhost/prune-a:1"), pruned.untagged());
        assertEquals(1, pruned.deleted().size());
        assertTrue(pruned.spaceReclaimed() > 0);
        assertEquals("yes", berth.image("localhost/prune-b:1").labels().get("keep"));
        berth.images().remove("localhost/prune-b:1", false);
    }

    @Test
    void pullAndPushTakeCredentialsForOneOperation(@TempDir Path otherHome) throws Exception {
        String remote = LOGIN.host() + "/private/busybox:auth";
        berth.tag(berth.image(IMAGE), remote);
        try (Berth anonymous = Berth.builder().home(home).withoutDockerConfig().build()) {
            assertThrows(IOException.class, () -> anonymous.push(remote, RegistryAuth.none(), p -> { }));
            Image pushed = anonymous.push(remote, RegistryAuth.basic("dave", "dave-pw"), p -> { });
            assertEquals(berth.image(IMAGE).digest(), pushed.digest());
        }
        try (Berth other = Berth.builder().home(otherHome).withoutDockerConfig().build()) {
            assertThrows(IOException.class, () -> other.pull(remote, RegistryAuth.basic("dave", "wrong"), p -> { }));
            List<Boolean> done = Collections.synchronizedList(new ArrayList<>());
            Image pulled = other.pull(remote, RegistryAuth.basic("dave", "dave-pw"), p -> done.add(p.blobDone()));
            assertEquals(berth.image(IMAGE).id(), pulled.id());
            assertTrue(done.contains(true), "progress reported each finished blob");
        }
        berth.images().untag(remote);
    }

    /** The log once the container exits; generous, for a loaded machine. */
    private static String finished(Container c) throws InterruptedException {
        assertTrue(c.waitFor(java.time.Duration.ofSeconds(90)).isPresent(), "container did not exit: " + c.logs());
        return c.logs();
    }

    private static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                e.setMode(0644);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var xz = new org.apache.commons.compress.compressors.xz.XZCompressorOutputStream(bytes)) {
            xz.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] bzip2(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(bytes)) {
            bz.write(data);
        }
        return bytes.toByteArray();
    }
}
