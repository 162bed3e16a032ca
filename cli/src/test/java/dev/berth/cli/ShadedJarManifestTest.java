package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code cli/target/berth.jar} names the stage-1 helpers it carries in its manifest,
 * {@code Berth-Native-Architectures}, as the berth-namespaces jar does (#21), and still starts
 * {@code dev.berth.cli.Main}. Runs at {@code package}, after the jar is made (see cli/pom.xml).
 */
class ShadedJarManifestTest {
    private static final String NATIVE = "dev/berth/namespaces/launch/native/";

    @Test
    void theManifestNamesEveryHelperTheJarCarries() throws IOException {
        Path jar = Path.of("").toAbsolutePath().getParent().resolve("cli/target/berth.jar");
        assumeTrue(Files.isRegularFile(jar), "cli/target/berth.jar is not built yet (Maven runs this test at package)");
        try (JarFile j = new JarFile(jar.toFile())) {
            Attributes main = j.getManifest().getMainAttributes();
            assertEquals("dev.berth.cli.Main", main.getValue("Main-Class"));
            String named = main.getValue("Berth-Native-Architectures");
            assertNotNull(named, "no Berth-Native-Architectures in " + jar + "'s manifest: " + main.keySet());
            ZipEntry list = j.getEntry(NATIVE + "architectures");
            assertNotNull(list, "the jar lacks " + NATIVE + "architectures");
            List<String> carried;
            try (InputStream in = j.getInputStream(list)) {
                // One architecture a line (x86_64); the helpers are under linux-x86_64/.
                carried = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                        .map(a -> "linux-" + a).toList();
            }
            assertEquals(String.join(" ", carried), named);
            for (String arch : carried) {
                assertNotNull(j.getEntry(NATIVE + arch + "/berth-stage1"), arch + " is named but its helper is not in the jar");
            }
            String here = "linux-" + (System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
            assertTrue(carried.contains(here), "no helper for this machine, " + here + ": " + carried);
        }
    }
}
