package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.AttachStreams;
import dev.berth.RestartPolicy;
import dev.berth.json.Json;
import dev.berth.log.LogOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand reader of config.json gives the record Jackson's binding gives, for every shape Berth
 * writes, and steps aside (null) for anything else, so that Jackson answers that as before.
 */
class ContainerConfigTreeTest {
    private static final ObjectMapper JSON = Json.mapper();

    private static ContainerConfig config(LogOptions log, AttachStreams attach, Map<String, String> labels,
            RestartPolicy restart, List<ContainerConfig.Device> devices, String hostname) {
        return new ContainerConfig("0123456789abcdef", "name", "2026-12-07T00:00:00.123456789Z",
                new ContainerConfig.Image("busybox", "sha256:aa", "sha256:bb"),
                new ContainerConfig.Process(List.of("sh", "-c", "x"), List.of("sh", "-c"), List.of("x"),
                        List.of("PATH=/bin", "A=ü \"q\""), "/work",
                        new ContainerConfig.User("1000:1000", 1000, 1000, List.of(1000, 10), "/home/u"),
                        List.of("chown", "kill"), List.of(new ContainerConfig.Ulimit("nofile", 1024, 1L << 40)), true),
                new ContainerConfig.Root(List.of(Path.of("/s/layers/2/diff"), Path.of("/s/layers/1/diff")), true),
                new ContainerConfig.Mounts(List.of(new ContainerConfig.Bind("/h", "/c", true),
                        new ContainerConfig.Bind("/h2", "/c2", false)), List.of("/run:size=1m")), hostname,
                new ContainerConfig.Linux(new ContainerConfig.Limits(6L << 20, 1.5, 100), devices),
                new ContainerConfig.Io(true, true, false, log, true, attach),
                new ContainerConfig.Lifecycle("SIGKILL", true, restart),
                new ContainerConfig.Annotations(labels, List.of(80, 443)));
    }

    private static void sameAsJackson(ContainerConfig c) throws Exception {
        JsonNode tree = JSON.readTree(JSON.writeValueAsBytes(c));
        ContainerConfig hand = ContainerConfigTree.read(tree);
        assertNotNull(hand, tree::toString);
        assertEquals(JSON.treeToValue(tree, ContainerConfig.class), hand);
        assertEquals(c, hand);
    }

    @Test
    void everyWrittenShapeReadsAsJacksonReadsIt() throws Exception {
        List<ContainerConfig.Device> devices = List.of(new ContainerConfig.Device("/dev/fuse", "/dev/fuse", "rwm", 'c', 10, 229, 0666));
        sameAsJackson(config(LogOptions.DEFAULT, new AttachStreams(false, true, true), Map.of("a", "b"), RestartPolicy.onFailure(3),
                devices, "box"));
        sameAsJackson(config(new LogOptions(1, 1), AttachStreams.NONE, Map.of(), RestartPolicy.NO, List.of(), null));
        sameAsJackson(config(LogOptions.DEFAULT, AttachStreams.NONE, null, RestartPolicy.UNLESS_STOPPED, null, "h"));
    }

    @Test
    void nullsWhereTheRecordAllowsThemReadAsJacksonReadsThem() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.valueToTree(config(LogOptions.DEFAULT, AttachStreams.NONE, Map.of(), RestartPolicy.NO,
                List.of(), "h"));
        ((ObjectNode) tree.get("io")).putNull("log").putNull("attachStreams");
        ((ObjectNode) tree.get("lifecycle")).putNull("restart");
        ((ObjectNode) tree.get("process")).putNull("entrypoint").putNull("cmd");
        ContainerConfig hand = ContainerConfigTree.read(tree);
        assertEquals(JSON.treeToValue(tree, ContainerConfig.class), hand);
        assertEquals(AttachStreams.NONE, hand.io().attachStreams());
        assertEquals(RestartPolicy.NO, hand.lifecycle().restart());
    }

    @Test
    void anythingElseIsLeftToJackson() throws Exception {
        JsonNode written = JSON.valueToTree(config(LogOptions.DEFAULT, AttachStreams.NONE, Map.of(), RestartPolicy.NO, List.of(), "h"));
        ObjectNode unknown = written.deepCopy();
        unknown.put("extra", 1);
        assertNull(ContainerConfigTree.read(unknown));
        assertThrows(Exception.class, () -> JSON.treeToValue(unknown, ContainerConfig.class));

        ObjectNode missing = written.deepCopy();
        ((ObjectNode) missing.get("io")).remove("stdinOnce"); // an older config: Jackson defaults it
        assertNull(ContainerConfigTree.read(missing));
        assertEquals(false, JSON.treeToValue(missing, ContainerConfig.class).io().stdinOnce());

        ObjectNode wrongType = written.deepCopy();
        ((ObjectNode) wrongType.get("process").get("user")).put("uid", "0");
        assertNull(ContainerConfigTree.read(wrongType));

        ObjectNode colon = written.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) colon.get("root").get("lowers")).add("file:///x");
        assertNull(ContainerConfigTree.read(colon));

        ObjectNode badPolicy = written.deepCopy();
        ((ObjectNode) badPolicy.get("lifecycle")).put("restart", "sometimes");
        assertNull(ContainerConfigTree.read(badPolicy));
        assertNull(ContainerConfigTree.read(JSON.readTree("[1]")));
    }
}
