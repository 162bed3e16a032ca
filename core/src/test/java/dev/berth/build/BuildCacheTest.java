package dev.berth.build;

import dev.berth.BerthInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.BuildException;
import dev.berth.Image;
import dev.berth.ImageBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build cache: an unchanged rebuild runs nothing and gives the same image; a changed file rebuilds from its step on. */
class BuildCacheTest extends BuildFixture {
    @TempDir
    Path context;

    private ImageBuilder recipe(Recorder rec) {
        return berth.imageBuilder().context(context).listener(rec)
                .from(BUSYBOX).user("root")
                .run("echo step-one; echo 1 > /one")
                .copy("first.txt", "/first.txt")
                .run("echo step-two; cat /first.txt > /two")
                .copy("second.txt", "/second.txt")
                .run("echo step-three; cat /second.txt > /three")
                .cmd("cat", "/two", "/three");
    }

    @Test
    void anUnchangedRebuildRunsNothingAndAChangedFileRebuildsFromItsStepOn() throws Exception {
        Files.writeString(context.resolve("first.txt"), "first\n");
        Files.writeString(context.resolve("second.txt"), "second\n");
        Recorder cold = new Recorder();
        Image first = recipe(cold).build("berth.test/cache:1");
        assertEquals(List.of(), cold.cached);
        assertEquals(List.of("step-one", "step-two", "step-three"), cold.output);

        Recorder warm = new Recorder();
        Image again = recipe(warm).build("berth.test/cache:1");
        assertEquals(5, warm.cached.size(), warm.cached.toString());
        assertEquals(List.of(), warm.output, "no RUN may start on an unchanged rebuild");
        assertEquals(first.digest(), again.digest(), "an unchanged rebuild gives the same image");

        Files.writeString(context.resolve("second.txt"), "changed\n");
        Recorder partial = new Recorder();
        Image changed = recipe(partial).build("berth.test/cache:2");
        assertEquals(List.of("RUN echo step-one; echo 1 > /one", "COPY first.txt /first.txt",
                "RUN echo step-two; cat /first.txt > /two"), partial.cached);
        assertEquals(List.of("step-three"), partial.output);
        assertEquals("first\nchanged\n", runIn(changed, "cat", "/two", "/three"));
    }

    @Test
    void aFailedBuildKeepsTheStepsThatSucceededAndTheFixedRebuildDoesNotRunThemAgain() throws Exception {
        // The side effect goes to a cache mount, which outlives builds and is no part of any layer or key.
        String first = "echo ran >> /side/runs; date +%s%N > /stamp";
        BuildException failed = assertThrows(BuildException.class, () -> berth.imageBuilder().network("none")
                .from(BUSYBOX).user("root").runWithCache(first, "/side").run("echo step-two; exit 7")
                .build("berth.test/failed:1"));
        assertTrue(failed.getMessage().contains("exit code 7"), failed.getMessage());

        Recorder rec = new Recorder();
        Image fixed = berth.imageBuilder().network("none").listener(rec)
                .from(BUSYBOX).user("root").runWithCache(first, "/side").run("echo step-two; cp /stamp /copied")
                .runWithCache("cat /side/runs > /runs", "/side")
                .build("berth.test/failed:2");
        assertEquals(List.of("RUN --mount=type=cache,target=/side --network=none " + first), rec.cached);
        assertEquals("ran\n", runIn(fixed, "cat", "/runs"), "the first step ran once, in the failed build");
        assertEquals(runIn(fixed, "cat", "/stamp"), runIn(fixed, "cat", "/copied"));
    }

    @Test
    void noCacheRunsEveryStepAgainAndAnUnchangedBuildThenReusesItsResult() throws Exception {
        Files.writeString(context.resolve("first.txt"), "first\n");
        Files.writeString(context.resolve("second.txt"), "second\n");
        recipe(new Recorder()).build("berth.test/nocache:1");
        Recorder uncached = new Recorder();
        Image rebuilt = recipe(uncached).noCache(true).build("berth.test/nocache:2");
        assertEquals(List.of(), uncached.cached);
        assertEquals(List.of("step-one", "step-two", "step-three"), uncached.output, "--no-cache runs every RUN again");
        Recorder warm = new Recorder();
        Image again = recipe(warm).build("berth.test/nocache:3");
        assertEquals(5, warm.cached.size(), "the uncached build's steps are cached for the next: " + warm.cached);
        assertEquals(rebuilt.digest(), again.digest());
    }

    @Test
    void aCacheRecordWhoseBlobIsGoneIsAMissAndTheStepRunsAgain() throws Exception {
        Files.writeString(context.resolve("first.txt"), "gc\n");
        Files.writeString(context.resolve("second.txt"), "gc2\n");
        Image built = berth.imageBuilder().context(context).from(BUSYBOX).user("root")
                .run("echo collected > /gc").build("berth.test/gc:1");
        var layers = BerthInternals.store(berth).inspect(built.digest()).manifest().value().layers();
        var top = layers.get(layers.size() - 1).digest();
        BerthInternals.store(berth).remove("berth.test/gc:1");
        BerthInternals.store(berth).gc();
        assertTrue(!BerthInternals.store(berth).hasBlob(top), "gc removed the layer blob");
        Recorder rec = new Recorder();
        Image rebuilt = berth.imageBuilder().context(context).listener(rec).from(BUSYBOX).user("root")
                .run("echo collected > /gc").build("berth.test/gc:1");
        assertEquals(List.of(), rec.cached);
        assertEquals("collected\n", runIn(rebuilt, "cat", "/gc"));
    }

    @Test
    void concurrentBuildsOfOneRecipeInOneHomeBothSucceed() throws Exception {
        Files.writeString(context.resolve("first.txt"), "together\n");
        Files.writeString(context.resolve("second.txt"), "at once\n");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> recipe(new Recorder()).build("berth.test/concurrent:a"));
            var b = pool.submit(() -> recipe(new Recorder()).build("berth.test/concurrent:b"));
            for (Image image : List.of(a.get(), b.get())) {
                assertEquals("together\nat once\n", runIn(image, "cat", "/two", "/three"));
            }
        } finally {
            pool.shutdown();
        }
    }
}
