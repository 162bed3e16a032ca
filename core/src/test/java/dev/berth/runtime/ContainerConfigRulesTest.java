package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.oci.RuntimeConfig;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's rules for image config plus caller options, without root. */
class ContainerConfigRulesTest {
    private static final Syscalls SYS = Host.system().syscalls();

    private static final RuntimeConfig IMAGE = new RuntimeConfig("app", Set.of("80/tcp", "53/udp"),
            List.of("PATH=/bin", "A=image", "B=image"), List.of("/entry"), List.of("serve"), null, "/work",
            Map.of("l", "image"), "SIGQUIT", null, null, null, null);
    private final ContainerConfigRules rules = new ContainerConfigRules("img", IMAGE);

    @Test
    void callerEnvReplacesImageEnvByNameAndKeepsTheImagesOrder() {
        Map<String, String> caller = new LinkedHashMap<>();
        caller.put("B", "caller");
        caller.put("C", "caller");
        assertEquals(List.of("HOSTNAME=box", "PATH=/bin", "A=image", "B=caller", "C=caller"), rules.env(caller, "box"));
    }

    @Test
    void commandOverridesFollowDocker() {
        assertEquals(List.of("/entry", "serve"), rules.argv(null, List.of()));
        assertEquals(List.of("/entry", "other"), rules.argv(null, List.of("other")));
        assertEquals(List.of("sh"), rules.argv(List.of("sh"), List.of()));
        assertEquals(List.of("serve"), rules.argv(List.of(), List.of()));
    }

    @Test
    void callerValuesWinOverTheImagesAndDefaultsFillTheRest() {
        assertEquals("/work", rules.workdir(null));
        assertEquals("/tmp", rules.workdir("/tmp"));
        assertEquals("/", new ContainerConfigRules("img", null).workdir(null));
        assertEquals("app", rules.userSpec(null));
        assertEquals("SIGQUIT", rules.stopSignal(null));
        assertEquals("SIGTERM", new ContainerConfigRules("img", null).stopSignal(null));
        assertEquals(Map.of("l", "caller", "m", "caller"), rules.labels(Map.of("l", "caller", "m", "caller")));
        assertEquals(List.of(53, 80), rules.exposedPorts());
    }

    @Test
    void aRelativeWorkdirOrUnknownStopSignalIsRefusedNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rules.workdir("rel")).getMessage().contains("rel"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rules.stopSignal("SIGNOPE")).getMessage()
                .contains("SIGNOPE"));
        assertEquals(15, StopSignal.number("TERM"));
        assertEquals(3, StopSignal.number("sigquit"));
        assertEquals(10, StopSignal.number("10"));
    }

    @Test
    void usersResolveAgainstTheHighestLayersPasswd(@TempDir Path dir) throws IOException {
        Path lower = write(dir.resolve("lower"), "root:x:0:0::/root:/bin/sh\napp:x:10:10::/old:/bin/sh\n",
                "root:x:0:\napp:x:10:\nextra:x:20:app\n");
        Path upper = write(dir.resolve("upper"), "root:x:0:0::/root:/bin/sh\napp:x:11:12::/srv:/bin/sh\n", null);
        assertEquals(new ExecUser(11, 12, List.of(12, 20), "/srv"),
                ContainerConfigRules.user(SYS, "app", List.of(upper, lower)));
        assertEquals(new ExecUser(10, 10, List.of(10, 20), "/old"), ContainerConfigRules.user(SYS, "app", List.of(lower)));
        assertEquals(new ExecUser(4321, 7, List.of(7), "/"), ContainerConfigRules.user(SYS, "4321:7", List.of(upper)));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ContainerConfigRules.user(SYS, "ghost", List.of(upper, lower)));
        assertTrue(missing.getMessage().contains("ghost"), missing.getMessage());
    }

    private static Path write(Path layer, String passwd, String group) throws IOException {
        Files.createDirectories(layer.resolve("etc"));
        Files.writeString(layer.resolve("etc/passwd"), passwd);
        if (group != null) {
            Files.writeString(layer.resolve("etc/group"), group);
        }
        return layer;
    }
}
