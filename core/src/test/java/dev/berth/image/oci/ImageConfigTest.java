package dev.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configs accepted and rejected as image-spec's schema/config_test.go and its validator do. */
class ImageConfigTest {
    private static final String ROOTFS = "\"rootfs\":{\"diff_ids\":[\"sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef\"],\"type\":\"layers\"}";
    static final String FULL = "{\"created\":\"2015-10-31T22:22:56.015925234Z\",\"author\":\"Alyssa P. Hacker <alyspdev@example.com>\","
            + "\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"1:1\",\"ExposedPorts\":{\"8080/tcp\":{}},"
            + "\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"FOO=docker_is_a_really\",\"EMPTY=\"],"
            + "\"Entrypoint\":[\"/bin/sh\"],\"Cmd\":[\"--foreground\",\"--config\",\"/etc/my-app.d/default.cfg\"],"
            + "\"Volumes\":{\"/var/job-result-data\":{},\"/var/log/my-app-logs\":{}},\"WorkingDir\":\"/home/alice\","
            + "\"Labels\":{\"com.example.project.git.url\":\"https://example.com/project.git\"},\"StopSignal\":\"SIGTERM\","
            + "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":30000000000,\"Retries\":3},"
            + "\"Hostname\":\"8dfe43d80430\",\"AttachStdin\":false},"
            + "\"rootfs\":{\"diff_ids\":[\"sha256:9d3dd9504c685a304985025df4ed0283e47ac9ffa9bd0326fddf4d59513f0827\","
            + "\"sha256:2b689805fbd00b2db1df73fae47562faac1a626d5f61744bfe29946ecff5d73d\"],\"type\":\"layers\"},"
            + "\"history\":[{\"created\":\"2015-10-31T22:22:54.690851953Z\",\"created_by\":\"/bin/sh -c #(nop) ADD file:a3b in /\"},"
            + "{\"created\":\"2015-10-31T22:22:55.613815829Z\",\"created_by\":\"/bin/sh -c #(nop) CMD [\\\"sh\\\"]\",\"empty_layer\":true}],"
            + "\"container_config\":{\"Cmd\":[\"sh\"]},\"docker_version\":\"1.9.0\"}";

    private static Document<ImageConfig> parse(String json) throws ImageFormatException {
        return ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8), "test config");
    }

    @Test
    void readsEveryModelledField() throws ImageFormatException {
        ImageConfig c = parse(FULL).value();
        assertEquals(Instant.parse("2015-10-31T22:22:56.015925234Z"), c.created());
        assertEquals(Platform.of("linux", "amd64"), c.platform());
        assertEquals("1:1", c.config().user());
        assertEquals(Set.of("8080/tcp"), c.config().exposedPorts());
        assertEquals("EMPTY=", c.config().env().get(2));
        assertEquals(List.of("/bin/sh"), c.config().entrypoint());
        assertEquals(Set.of("/var/job-result-data", "/var/log/my-app-logs"), c.config().volumes());
        assertEquals("/home/alice", c.config().workingDir());
        assertEquals("SIGTERM", c.config().stopSignal());
        assertEquals(Duration.ofSeconds(30), c.config().healthcheck().interval());
        assertEquals(2, c.rootfs().diffIds().size());
        assertTrue(c.history().get(1).emptyLayer());
    }

    @Test
    void unknownFieldsSurviveAChangeAndReserialisation() throws ImageFormatException {
        ImageConfig c = parse(FULL).value();
        ImageConfig changed = c.withConfig(c.config().withEnv(List.of("A=1")));
        String json = new String(changed.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"docker_version\":\"1.9.0\""), json);
        assertTrue(json.contains("\"container_config\":{\"Cmd\":[\"sh\"]}"), json);
        assertTrue(json.contains("\"Hostname\":\"8dfe43d80430\""), json);
        assertTrue(json.contains("\"Env\":[\"A=1\"]"), json);
        ImageConfig again = ImageConfig.parse(changed.toJson(), "again").value();
        assertEquals(List.of("A=1"), again.config().env());
        assertEquals(changed, again);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"architecture\":\"amd64\",\"os\":\"linux\"," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":null,\"Entrypoint\":null,\"Volumes\":null,\"Labels\":null}," + ROOTFS + "}",
        "{\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\",\"os.features\":[\"x\"],\"unknown\":{\"deep\":[1]}," + ROOTFS + "}"})
    void acceptsValidConfigs(String json) throws ImageFormatException {
        parse(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"architecture\":\"amd64\",\"os\":123," + ROOTFS + "}",
        "{\"created\":\"2015-10-31T22:22:56.015925234Z\",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":1234}," + ROOTFS + "}",
        "{\"history\":\"should be an array\",\"architecture\":\"amd64\",\"os\":\"linux\"," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[7353]}," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Volumes\":[\"/var/job-result-data\",\"/var/log/my-app-logs\"]}," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"NOEQUALS\"]}," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"=value\"]}," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}",
        "{\"os\":\"linux\"," + ROOTFS + "}",
        "{\"architecture\":\"amd64\"," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[],\"type\":\"other\"}}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[\"nope\"],\"type\":\"layers\"}}",
        "{\"created\":\"yesterday\",\"architecture\":\"amd64\",\"os\":\"linux\"," + ROOTFS + "}",
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"history\":[{\"empty_layer\":\"yes\"}]," + ROOTFS + "}"})
    void rejectsInvalidConfigs(String json) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("test config: $."), e.getMessage());
    }

    @Test
    void envErrorNamesTheEntry() {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> parse(
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\",\"NOEQUALS\"]}," + ROOTFS + "}"));
        assertEquals("test config: $.config.Env[1]: \"NOEQUALS\" is not KEY=value", e.getMessage());
    }

    @Test
    void builtConfigSerialisesDeterministically() {
        ImageConfig c = ImageConfig.of(Platform.of("linux", "amd64"), RootFs.of(List.of(Digest.sha256(new byte[0]))))
                .withConfig(RuntimeConfig.empty().withCommand(null, List.of("sh")));
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"]}}",
                new String(c.toJson(), StandardCharsets.UTF_8));
        assertNull(c.history());
        assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.empty().withEnv(List.of("BROKEN")));
    }
}
