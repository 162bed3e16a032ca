package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.remote.ImagePusher;
import dev.berth.image.remote.RegistryClients;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.userns.RootlessNetwork;
import dev.berth.registry.CredentialSource;
import dev.berth.image.ProgressListener;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.testing.LocalRegistry;
import dev.berth.testing.TunAccess;
import dev.berth.testing.UnprivilegedUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container scenarios again as an unprivileged user ({@link UnprivilegedUser}): a JVM of that user
 * runs {@link RootlessScenarios} on a home in its own temporary XDG directories, pulling from a
 * real registry on 127.0.0.1 that this (root) JVM fills. Needs root to create the user.
 */
@RequiresRoot("creates a host user and gives it subordinate ids and /dev/net/tun")
class RootlessContainerTest {
    static final String PULLED = "rootless/owned:1";
    /** Busybox with copies of itself that carry file capabilities ({@link #storeCapabilityImage}). */
    static final String CAPABILITIES = "berth.test/capabilities:1";

    private static UnprivilegedUser user;
    private static Path work;

    @BeforeAll
    static void createUser() throws IOException {
        user = UnprivilegedUser.create();
        work = user.work();
    }

    @AfterAll
    static void removeWork() throws IOException {
        if (user != null) {
            user.close();
        }
    }

    @Test
    void containerScenariosRunAsAnUnprivilegedUser() throws Exception {
        Path home = user.directory("home");
        Path runtime = user.directory("run");
        Path notWritable = Files.createDirectory(work.resolve("root-owned"));
        BusyboxImage.store(home, Files.createDirectory(work.resolve("scratch")));
        storeCapabilityImage(home);
        user.chown(home);
        String output;
        // slirp4netns needs /dev/net/tun, which is root's alone here: granted for this run only.
        TunAccess.Result tun = TunAccess.grant();
        boolean networkExpected = tun.access().isPresent() && RootlessNetwork.slirp4netns().isPresent();
        if (!networkExpected) {
            System.out.println("rootless: ports may skip: " + (tun.reason() != null ? tun.reason()
                    : "slirp4netns is not installed"));
        }
        try (TunAccess granted = tun.granted();
             LocalRegistry registry = LocalRegistry.available() ? LocalRegistry.start(work.resolve("registry")) : null) {
            if (registry != null) {
                pushOwnedImage(registry.host());
            }
            output = user.runJava(home, runtime, Duration.ofSeconds(300), RootlessScenarios.class.getName(),
                    home.toString(), registry == null ? "none" : registry.host(), notWritable.toString()).output();
        }
        System.out.println(output);
        if (networkExpected) {
            assertTrue(output.contains("\nPASS ports\n"), "ports did not pass with /dev/net/tun granted:\n" + output);
        } else {
            assertTrue(output.contains("PASS ports") || output.contains("SKIP ports"), output);
        }
        for (String scenario : List.of("run", "exec", "ownership", "confined", "limits", "commit", "build", "dockerfile", "devices", "capabilities",
                "locations", "drivers", "copy")) {
            assertTrue(output.contains("\nPASS " + scenario + "\n") || output.startsWith("PASS " + scenario + "\n"),
                    scenario + " did not pass as " + UnprivilegedUser.NAME + ":\n" + output);
        }
        assertTrue(output.contains("PASS pull") || output.contains("SKIP pull"), output);
        assertTrue(!output.contains("FAIL "), output);
        output.lines().filter(l -> l.startsWith("SKIP ")).forEach(l -> System.out.println("rootless: " + l));
        assertEquals(List.of(), Leaks.mounts(work.toString()));
    }

    /**
     * Busybox with a layer of two copies of busybox (run as grep, its applet) that {@code setcap} gave
     * {@code cap_net_bind_service+ep}, one of root and one of uid 1000: root's setcap writes the
     * revision 2 {@code security.capability} that images carry, which GNU tar keeps as a PAX xattr.
     */
    private static void storeCapabilityImage(Path home) throws IOException {
        Path dir = Files.createDirectories(work.resolve("caps-layer/opt/caps"));
        Path grep = dir.resolve("grep");
        Path userGrep = Files.createDirectory(dir.resolve("user")).resolve("grep");
        for (Path p : List.of(grep, userGrep)) {
            Files.copy(BusyboxRootfs.hostBusybox(), p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        TestImages.run("chown", "1000:1000", userGrep.toString());
        for (Path p : List.of(grep, userGrep)) {
            TestImages.run("setcap", "cap_net_bind_service+ep", p.toString());
        }
        Path tar = work.resolve("caps-layer.tar");
        TestImages.run("tar", "--sort=name", "--mtime=@0", "--numeric-owner", "--xattrs",
                "--xattrs-include=security.capability", "-C", work.resolve("caps-layer").toString(), "-cf", tar.toString(), ".");
        RuntimeConfig config = new RuntimeConfig(null, null, List.of("PATH=/bin"), null, List.of("sh"), null, null,
                Map.of(), null, null, null, null, null);
        BusyboxImage.store(home, Files.createDirectory(work.resolve("caps-scratch")), CAPABILITIES, config, List.of(tar));
    }

    /**
     * An image whose second layer has files of uid 1000 (setuid tool, 0700 directory) and a
     * device node (which a user cannot make), pushed to the registry.
     */
    private static void pushOwnedImage(String host) throws IOException {
        Path rootfs = BusyboxRootfs.create(work.resolve("owned-base"));
        Path base = TestImages.tar(rootfs, work.resolve("owned-base.tar"));
        Path layer = Files.createDirectories(work.resolve("owned-layer/home/user/private"));
        Files.writeString(layer.resolve("secret"), "secret\n");
        Path tool = Files.writeString(layer.getParent().resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(layer, PosixFilePermissions.fromString("rwx------"));
        TestImages.run("chown", "-R", "1000:1000", work.resolve("owned-layer/home/user").toString());
        TestImages.run("chmod", "4755", tool.toString());
        TestImages.run("mknod", layer.getParent().resolve("device").toString(), "c", "1", "3");
        Path tar = work.resolve("owned-layer.tar");
        TestImages.run("tar", "--sort=name", "--mtime=@0", "--numeric-owner", "-C", work.resolve("owned-layer").toString(),
                "-cf", tar.toString(), ".");
        ImageStore store = ImageStore.open(work.resolve("push-store"));
        RuntimeConfig config = new RuntimeConfig(null, null, List.of("PATH=/bin"), null, List.of("sh"), null, null,
                Map.of(), null, null, null, null, null);
        TestImages.build(store, "berth.test/owned:1", List.of(base, tar), true, config);
        RegistryClients anonymous = RegistryClients.caching(
                h -> RegistryClient.builder(h).credentialSource(CredentialSource.none()).build());
        ImagePusher.create(store, anonymous).push(ImageReference.parse("berth.test/owned:1"),
                ImageReference.parse(host + "/" + PULLED), ProgressListener.NONE);
    }
}
