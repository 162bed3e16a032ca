package dev.berth.build;

import dev.berth.BerthInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.BuildException;
import dev.berth.Copy;
import dev.berth.Image;
import dev.berth.image.oci.History;
import dev.berth.image.store.ImageNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds from the busybox image with real RUN containers and COPY layers, as root. */
class ImageBuilderTest extends BuildFixture {
    @TempDir
    Path context;

    @Test
    void runChangesBecomeOneLayerWithWhiteoutsAndTheImageRuns() throws Exception {
        Recorder rec = new Recorder();
        Image image = berth.imageBuilder().listener(rec)
                .from(BUSYBOX).user("root")
                .run("mkdir -p /data && echo made > /data/new && rm /etc/group && touch /tmp/gone && rm /tmp/gone"
                        + " && echo ran as $(id -u) in $(pwd)")
                .env("GREETING", "hello").cmd("sh", "-c", "echo $GREETING; cat /data/new")
                .build("berth.test/run:1");

        Map<String, TarArchiveEntry> layer = topLayer(image);
        assertTrue(layer.containsKey("etc/.wh.group"), "whiteout for the deleted file: " + layer.keySet());
        assertTrue(layer.containsKey("data/new"), layer.keySet().toString());
        assertFalse(layer.keySet().stream().anyMatch(n -> n.contains("gone")), layer.keySet().toString());
        assertTrue(rec.output.contains("ran as 0 in /srv/app"), rec.output.toString());
        assertEquals(2, image.layerCount());
        assertEquals("hello", image.env().get("GREETING"));
        assertEquals(List.of("berth.test/run:1"), image.tags().stream().map(t -> t.replace("docker.io/", "")).toList());

        List<History> history = BerthInternals.store(berth).inspect(image.digest()).config().value().history();
        List<String> createdBy = history.stream().map(History::createdBy).toList();
        assertEquals("USER root", createdBy.get(createdBy.size() - 4));
        assertTrue(createdBy.get(createdBy.size() - 3).startsWith("RUN mkdir"), createdBy.toString());
        assertTrue(history.get(history.size() - 1).emptyLayer());
        assertFalse(history.get(history.size() - 3).emptyLayer());

        try (var c = berth.container(image).start()) {
            c.waitFor(java.time.Duration.ofSeconds(20));
            assertEquals("hello\nmade\n", c.logs());
        }
        assertEquals("", runIn(image, "sh", "-c", "test -e /etc/group || echo -n"));
    }

    @Test
    void copyKeepsModesOrAppliesChownAndChmodWithNamesFromTheImage() throws Exception {
        Files.createDirectories(context.resolve("app/bin"));
        Files.writeString(context.resolve("app/bin/tool"), "#!/bin/sh\necho tool\n");
        Files.setAttribute(context.resolve("app/bin/tool"), "unix:mode", 0750);
        Files.writeString(context.resolve("app/config.txt"), "config\n");
        Files.setAttribute(context.resolve("app/config.txt"), "unix:mode", 0640);
        Files.writeString(context.resolve("a.txt"), "a\n");
        Files.writeString(context.resolve("b.txt"), "b\n");
        Files.createSymbolicLink(context.resolve("escape"), Path.of("/etc/shadow"));

        Image image = berth.imageBuilder().context(context)
                .from(BUSYBOX)
                .copy("app", "/opt/app")
                .copy(Copy.of("*.txt").to("/opt/texts/").chown("user").chmod(0600))
                .copy(Copy.of("escape").to("/opt/link").chown("user:root"))
                .build("berth.test/copy:1");

        assertEquals("0:0 750 /opt/app/bin/tool\n0:0 640 /opt/app/config.txt\n",
                runIn(image, "stat", "-c", "%u:%g %a %n", "/opt/app/bin/tool", "/opt/app/config.txt"));
        assertEquals("1000:1000 600 a\n1000:1000 600 b\n",
                runAs(image, "1000", "sh", "-c", "for f in a b; do echo $(stat -c '%u:%g %a' /opt/texts/$f.txt) $(cat /opt/texts/$f.txt); done"));
        Map<String, TarArchiveEntry> layer = topLayer(image);
        TarArchiveEntry link = layer.get("opt/link");
        assertTrue(link.isSymbolicLink());
        assertEquals("/etc/shadow", link.getLinkName());
        assertEquals(1000, link.getLongUserId());
        assertEquals(0, link.getLongGroupId());
    }

    @Test
    void copyOfAMissingOrEscapingSourceNamesTheStep() throws Exception {
        Files.writeString(context.resolve("present.txt"), "x");
        BuildException missing = assertThrows(BuildException.class, () -> berth.imageBuilder().context(context)
                .from(BUSYBOX).env("A", "1").copy("app.jar", "/app/").build("berth.test/missing:1"));
        assertEquals("step 3/3 COPY app.jar /app/: no such file in context: app.jar", missing.getMessage());
        BuildException outside = assertThrows(BuildException.class, () -> berth.imageBuilder().context(context)
                .from(BUSYBOX).copy("../present.txt", "/x").build());
        assertTrue(outside.getMessage().endsWith("source ../present.txt is outside the context"), outside.getMessage());
    }

    @Test
    void aFailedRunNamesTheCommandExitCodeAndLastOutputAndLeavesNothingEvenOfEarlierSteps() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> berth.imageBuilder()
                .from(BUSYBOX).user("root").run("echo staged > /staged")
                .run("echo first; echo second >&2; exit 7").build("berth.test/fail:1"));
        assertEquals(4, e.step());
        assertTrue(e.getMessage().startsWith(
                "step 4/4 RUN echo first; echo second >&2; exit 7: command [\"/bin/sh\",\"-c\",\"echo first; echo second >&2; exit 7\"]"
                        + " failed: exit code 7; last output:"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  first") && e.getMessage().contains("\n  second"), e.getMessage());
        assertThrows(ImageNotFoundException.class, () -> BerthInternals.store(berth).inspect("berth.test/fail:1"));
    }

    @Test
    void multiStageCopiesFromANamedStageAndSkipsStagesTheTargetDoesNotNeed() throws Exception {
        Recorder rec = new Recorder();
        Image image = berth.imageBuilder().listener(rec)
                .from(BUSYBOX).as("unused").run("exit 1")
                .from(BUSYBOX).as("build").user("root").run("mkdir -p /out && echo compiled > /out/app")
                .from("scratch")
                .copy(Copy.of("/out/app").from("build").to("/app"))
                .copy(Copy.of("/bin/busybox").from(BUSYBOX).to("/bin/busybox"))
                .entrypoint("/bin/busybox")
                .build("berth.test/multi:1");
        assertEquals(2, image.layerCount());
        assertEquals("compiled\n", runIn(image, "/bin/busybox", "cat", "/app"));
        assertTrue(rec.started.stream().noneMatch(s -> s.contains("exit 1")), rec.started.toString());
        assertEquals("1/7 FROM " + BUSYBOX + " AS build", rec.started.get(0));
    }

    @Test
    void inlineFilesAsAHeredocGivesThemAndTheShellRunsThem() throws Exception {
        Image image = berth.imageBuilder().from(BUSYBOX).user("root")
                .copy(Copy.text("script.sh", "#!/bin/sh\necho from heredoc\n").to("/usr/local/bin/").chmod(0755))
                .run("/usr/local/bin/script.sh > /result")
                .build("berth.test/heredoc:1");
        assertEquals("from heredoc\n", runIn(image, "cat", "/result"));
    }

    @Test
    void aStageBuiltFromAnotherStacksOnItsNewLayers() throws Exception {
        Image image = berth.imageBuilder()
                .from(BUSYBOX).as("base").user("root").run("echo a > /a").env("FROM_BASE", "yes")
                .from("base").run("cat /a > /b && echo $FROM_BASE >> /b")
                .build("berth.test/stacked:1");
        assertEquals(3, image.layerCount());
        assertEquals("a\nyes\n", runIn(image, "cat", "/b"));
        Image again = berth.imageBuilder()
                .from(BUSYBOX).as("base").user("root").run("echo a > /a").env("FROM_BASE", "yes")
                .from("base").run("cat /a > /b && echo $FROM_BASE >> /b")
                .build("berth.test/stacked:1");
        assertEquals(image.digest(), again.digest());
    }

    @Test
    void copyFollowsSymlinksOfTheImageOnTheWayToItsDestinationInsideTheRoot() throws Exception {
        Files.writeString(context.resolve("a.txt"), "a\n");
        Files.writeString(context.resolve("b.txt"), "b\n");
        Image image = berth.imageBuilder().context(context).from(BUSYBOX).user("root")
                .run("mkdir -p /usr/local/real /usr/local/bin && ln -s /usr/local/real /linked && ln -s ../real /usr/local/bin/rel"
                        + " && ln -s ../../../../.. /usr/local/up && ln -s loop /loop")
                .copy("a.txt", "/linked/")
                .copy("b.txt", "/usr/local/bin/rel/sub/b.txt")
                .copy("a.txt", "/usr/local/up/top.txt")
                .build("berth.test/symlinked:1");
        assertEquals("a\nb\na\n", runIn(image, "cat", "/usr/local/real/a.txt", "/usr/local/real/sub/b.txt", "/top.txt"));
        assertEquals("/usr/local/real\n", runIn(image, "readlink", "/linked"));
        BuildException loop = assertThrows(BuildException.class, () -> berth.imageBuilder().context(context)
                .from(image).copy("a.txt", "/loop/x").build());
        assertTrue(loop.getMessage().endsWith("too many symlinks in /loop/x in the image"), loop.getMessage());
    }

    @Test
    void copyOfAHostPathNeedsNoContextAndIsACacheInput(@TempDir Path host) throws Exception {
        Path jar = Files.writeString(host.resolve("app.jar"), "version 1\n");
        Image first = berth.imageBuilder().from(BUSYBOX).copy(jar, "/app/app.jar").build("berth.test/host:1");
        assertEquals("version 1\n", runIn(first, "cat", "/app/app.jar"));
        Files.writeString(jar, "version 2\n");
        Image second = berth.imageBuilder().from(BUSYBOX).copy(jar, "/app/app.jar").build("berth.test/host:1");
        assertEquals("version 2\n", runIn(second, "cat", "/app/app.jar"));
    }
}
