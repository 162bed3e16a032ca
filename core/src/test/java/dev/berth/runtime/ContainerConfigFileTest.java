package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.RestartPolicy;
import dev.berth.log.LogOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's config.json: the grouped form round-trips, and the flat form of an earlier Berth is still read. */
class ContainerConfigFileTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path containers;

    @Test
    void theGroupedFormRoundTripsWithLowersWrittenAsPlainPaths() throws IOException {
        ContainerDirectory dir = directory();
        ContainerConfig config = new ContainerConfig(ID, "new", "2026-12-07T00:00:00Z",
                new ContainerConfig.Image("busybox", "sha256:aa", "sha256:bb"),
                new ContainerConfig.Process(List.of("sh"), List.of(), List.of("sh"), List.of("PATH=/bin"), "/",
                        new ContainerConfig.User("", 0, 0, List.of(), "/root"), List.of("chown"), List.of(), true),
                new ContainerConfig.Root(List.of(Path.of("/s/layers/2"), Path.of("/s/layers/1")), false),
                new ContainerConfig.Mounts(List.of(), List.of("/run")), "box",
                new ContainerConfig.Linux(new ContainerConfig.Limits(1 << 20, 0.5, 10), List.of()),
                new ContainerConfig.Io(true, false, true, LogOptions.DEFAULT, true),
                new ContainerConfig.Lifecycle("SIGTERM", false, RestartPolicy.onFailure(3)),
                new ContainerConfig.Annotations(Map.of("a", "b"), List.of(80)));
        dir.writeConfig(config);
        String json = Files.readString(dir.root().resolve("config.json"));
        assertTrue(json.contains("\"lowers\":[\"/s/layers/2\",\"/s/layers/1\"]"), json);
        assertTrue(json.contains("\"restart\":\"on-failure:3\""), json);
        assertEquals(config, dir.readConfig());
        // Written before restart policies and StdinOnce: read with neither.
        Files.writeString(dir.root().resolve("config.json"),
                json.replace(",\"restart\":\"on-failure:3\"", "").replace(",\"stdinOnce\":true", ""));
        ContainerConfig older = dir.readConfig();
        assertEquals(RestartPolicy.NO, older.lifecycle().restart());
        assertFalse(older.io().stdinOnce());
    }

    @Test
    void aFlatConfigOfAnEarlierBerthIsReadWithItsMissingFieldsDefaulted() throws IOException {
        ContainerDirectory dir = directory();
        try (InputStream in = getClass().getResourceAsStream("legacy-config.json")) {
            Files.write(dir.root().resolve("config.json"), in.readAllBytes());
        }
        ContainerConfig c = dir.readConfig();
        assertEquals("old", c.name());
        assertEquals(new ContainerConfig.Image("busybox", "sha256:aa", "sha256:bb"), c.image());
        assertEquals(List.of(Path.of("/s/layers/2"), Path.of("/s/layers/1")), c.root().lowers());
        assertTrue(c.root().readonly());
        assertEquals(List.of("sh", "-c", "echo hi"), c.process().argv());
        assertEquals(List.of(10), c.process().user().groups());
        assertEquals(ContainerCapabilities.resolve(List.of(), List.of()), c.process().capabilities());
        assertEquals(List.of(), c.process().ulimits());
        assertEquals(List.of(), c.linux().devices());
        assertEquals(LogOptions.DEFAULT, c.io().log());
        assertTrue(c.io().detached());
        assertFalse(c.io().stdin());
        assertTrue(c.lifecycle().autoRemove());
        assertEquals(List.of(new ContainerConfig.Bind("/h", "/c", true)), c.mounts().binds());
        assertEquals(Map.of("a", "b"), c.annotations().labels());
    }

    @Test
    void aConfigThatIsNotAnObjectIsRefusedWithTheFileNamed() throws IOException {
        ContainerDirectory dir = directory();
        Files.writeString(dir.root().resolve("config.json"), "[1]");
        IOException e = assertThrows(IOException.class, dir::readConfig);
        assertTrue(e.getMessage().contains(dir.root().resolve("config.json").toString()), e.getMessage());
    }

    private ContainerDirectory directory() throws IOException {
        ContainerDirectory dir = ContainerDirectory.of(containers, ID);
        Files.createDirectories(dir.root());
        return dir;
    }
}
