package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.AttachStreams;
import dev.berth.RestartPolicy;
import dev.berth.json.Json;
import dev.berth.json.JsonTrees;
import dev.berth.log.LogOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand writer of config.json writes the very bytes the mapper wrote for every shape of config
 * (every field set, none, empty and null collections, unicode and escapes), and both the hand
 * reader and the mapper read them back as the config written.
 */
class ContainerConfigWriterTest {
    private static final ObjectMapper JSON = Json.mapper();

    private static ContainerConfig config(List<String> entrypoint, ContainerConfig.User user, List<ContainerConfig.Ulimit> ulimits,
            List<Path> lowers, List<ContainerConfig.Bind> binds, List<String> tmpfs, ContainerConfig.Limits limits,
            List<ContainerConfig.Device> devices, LogOptions log, AttachStreams attach, String stopSignal,
            RestartPolicy restart, Map<String, String> labels, List<Integer> ports, String hostname) {
        return new ContainerConfig("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "näme-✓",
                "2026-12-07T00:00:00.123456789Z",
                new ContainerConfig.Image("registry:5000/busybox:latest", "sha256:aa", "sha256:bb"),
                new ContainerConfig.Process(List.of("sh", "-c", "echo \"$A\" \\ \t\n😀"), entrypoint, List.of("x"),
                        List.of("PATH=/bin", "A=ü \"q\" </script> \u0001 \u2028"), "/work dir", user,
                        List.of("CAP_CHOWN", "CAP_KILL"), ulimits, true),
                new ContainerConfig.Root(lowers, true),
                new ContainerConfig.Mounts(binds, tmpfs), hostname,
                new ContainerConfig.Linux(limits, devices),
                new ContainerConfig.Io(true, true, false, log, true, attach),
                new ContainerConfig.Lifecycle(stopSignal, true, restart),
                new ContainerConfig.Annotations(labels, ports));
    }

    private static ContainerConfig rich() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "Ünïcødé ✓ 😀");
        labels.put("quote\"key", "back\\slash");
        labels.put("empty", "");
        labels.put("none", null);
        return config(List.of("sh", "-c"), new ContainerConfig.User("1000:1000", 1000, 1000, List.of(1000, 10, 0), "/home/ü"),
                List.of(new ContainerConfig.Ulimit("nofile", 1024, 1L << 40), new ContainerConfig.Ulimit("core", -1, -1)),
                List.of(Path.of("/s/layers/2/diff"), Path.of("/s/layers/1 with space/diff")),
                List.of(new ContainerConfig.Bind("/h", "/c", true), new ContainerConfig.Bind("/h2 ü", "/c2", false)),
                List.of("/run:size=1m", "/tmp"), new ContainerConfig.Limits(6L << 20, 1.5, 100),
                List.of(new ContainerConfig.Device("/dev/fuse", "/dev/fuse", "rwm", 'c', 10, 229, 0666),
                        new ContainerConfig.Device("/dev/sda", "/dev/xvda", "r", 'b', 8, 0, 0660)),
                new LogOptions(Long.MAX_VALUE, Integer.MAX_VALUE), new AttachStreams(true, true, false), "SIGRTMIN+3",
                RestartPolicy.onFailure(3), labels, List.of(80, 443, 65535), "höst");
    }

    private static ContainerConfig bare() {
        return config(null, new ContainerConfig.User("", 0, 0, List.of(), "/"), List.of(), List.of(), List.of(), List.of(),
                new ContainerConfig.Limits(0, 0.0, 0), List.of(), null, null, null, null, Map.of(), List.of(), null);
    }

    private static ContainerConfig nulls() {
        List<String> withNull = new ArrayList<>(Arrays.asList("a", null));
        return new ContainerConfig("ff", null, null, new ContainerConfig.Image(null, null, null),
                new ContainerConfig.Process(null, withNull, null, null, null, null, null, null, false),
                new ContainerConfig.Root(null, false), new ContainerConfig.Mounts(null, null), null,
                new ContainerConfig.Linux(null, null), new ContainerConfig.Io(false, false, false, null),
                new ContainerConfig.Lifecycle(null, false, RestartPolicy.ALWAYS),
                new ContainerConfig.Annotations(null, null));
    }

    private static void sameAsMapper(ContainerConfig c) throws Exception {
        byte[] mapper = JSON.writeValueAsBytes(c);
        byte[] hand = ContainerConfigWriter.write(c);
        assertEquals(new String(mapper, StandardCharsets.UTF_8), new String(hand, StandardCharsets.UTF_8));
        assertArrayEquals(mapper, hand);
        assertEquals(c, JSON.readValue(hand, ContainerConfig.class));
    }

    @Test
    void writesTheMappersBytesForEveryShape() throws Exception {
        sameAsMapper(rich());
        sameAsMapper(bare());
        sameAsMapper(nulls());
        sameAsMapper(config(List.of(), null, null, List.of(Path.of("/l")), null, null, null, null, LogOptions.DEFAULT,
                AttachStreams.NONE, "SIGTERM", RestartPolicy.UNLESS_STOPPED, null, null, "h"));
        sameAsMapper(config(List.of(), null, null, List.of(), null, null, new ContainerConfig.Limits(1, 1e-3, 1), null,
                LogOptions.DEFAULT, AttachStreams.NONE, "SIGTERM", RestartPolicy.NO, null, null, "h"));
    }

    @Test
    void theHandReaderReadsWhatItWrites() throws Exception {
        for (ContainerConfig c : List.of(rich(), bare())) {
            JsonNode tree = JsonTrees.read(ContainerConfigWriter.write(c));
            ContainerConfig read = ContainerConfigTree.read(tree);
            assertNotNull(read, tree::toString);
            assertEquals(c, read);
        }
    }

    @Test
    void theDirectoryWritesAndReadsItBack(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ContainerDirectory d = ContainerDirectory.of(dir, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        java.nio.file.Files.createDirectories(d.root());
        d.writeConfig(rich());
        assertArrayEquals(JSON.writeValueAsBytes(rich()), java.nio.file.Files.readAllBytes(d.root().resolve("config.json")));
        assertEquals(rich(), d.readConfig());
    }
}
