package dev.berth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

@RequiresRoot("the demo runs a sandbox container")
class SandboxDemoTest {
    @Test
    void theDemoRunsInAnIsolatedSandboxAndKeepsItsWrites() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SandboxDemo.run(List.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("hello from berth-demo, pid 1, uid 0"), out);
        assertTrue(out.contains("interfaces: lo\n"), out);
        assertTrue(out.contains("CapEff:\t0000000000000000"), out);
        assertTrue(out.contains("the upper layer holds /tmp/hello.txt: written inside"), out);
    }

    @Test
    void theCommandsExitCodeIsReturned() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(3, SandboxDemo.run(List.of("sh", "-c", "exit 3"), new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    }
}
