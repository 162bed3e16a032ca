package dev.berth.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionWatcherTest {

    @Test
    void aManifestOnlyJarsClassPathIsSpelledOut(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("classes"));
        Path b = Files.createFile(dir.resolve("lib.jar"));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, a.toUri() + " lib.jar missing.jar");
        Path booter = dir.resolve("booter.jar");
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        String saved = System.getProperty("java.class.path");
        System.setProperty("java.class.path", booter.toString());
        try {
            // lib.jar is empty (no manifest to read): kept as it is; missing.jar is left out.
            assertEquals(List.of(booter.toString(), a.toString(), b.toString()), classPathOf(b));
        } finally {
            System.setProperty("java.class.path", saved);
        }
    }

    private static List<String> classPathOf(Path emptyJar) throws Exception {
        Files.write(emptyJar, emptyJarBytes());
        return SessionWatcher.classPath();
    }

    private static byte[] emptyJarBytes() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.flush();
        }
        assertTrue(bytes.size() > 0);
        return bytes.toByteArray();
    }
}
