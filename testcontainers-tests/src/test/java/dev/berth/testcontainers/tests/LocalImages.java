package dev.berth.testcontainers.tests;

import dev.berth.BusyboxImage;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.testcontainers.utility.DockerImageName;

/**
 * The images these tests use, stored in the Berth home the engine opens (the {@code berth.home}
 * system property) before any test runs: there is no registry here, so, as a user with images
 * already pulled, Testcontainers finds them locally and pulls nothing. {@value #BUSYBOX_REFERENCE}
 * is the host's static busybox (httpd, nc, wget included) with {@code sh} as its command.
 */
public final class LocalImages implements LauncherSessionListener {
    /** Named as Docker Hub's, as a user's test would name it. */
    public static final String BUSYBOX_REFERENCE = "busybox:1.36.1";
    /** {@link #BUSYBOX_REFERENCE} for Testcontainers. */
    public static final DockerImageName BUSYBOX = DockerImageName.parse(BUSYBOX_REFERENCE);

    private static boolean stored;

    /** Made by JUnit through {@link java.util.ServiceLoader}. */
    public LocalImages() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        synchronized (LocalImages.class) {
            // Once per JVM: a test that runs a fixture through the launcher opens another session.
            if (stored) {
                return;
            }
            stored = true;
        }
        String home = System.getProperty("berth.home");
        if (home == null || !isRoot() || !Files.isExecutable(Path.of("/bin/busybox"))) {
            return; // the tests skip themselves (@RequiresRoot, busybox)
        }
        store(Path.of(home));
    }

    /** Stores {@link #BUSYBOX_REFERENCE} in {@code home}. */
    static void store(Path home) {
        try {
            Files.createDirectories(home);
            Path scratch = Files.createTempDirectory(home, ".images-");
            try {
                RuntimeConfig config = new RuntimeConfig(null, null, List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), null,
                        List.of("sh"), null, "/", Map.of(), null, null, null, null, null);
                BusyboxImage.store(home, scratch, BUSYBOX_REFERENCE, config, List.of());
            } finally {
                FileTrees.delete(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("storing " + BUSYBOX_REFERENCE + " in " + home, e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
