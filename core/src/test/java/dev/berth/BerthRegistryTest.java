package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.InvalidReferenceException;
import dev.berth.image.remote.ImageTransferException;
import dev.berth.image.store.ImageNotFoundException;
import dev.berth.registry.testing.LocalRegistryExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link Berth#push}, {@link Berth#pull} and {@link Berth#image} against a real registry on 127.0.0.1, and a run of what was pulled. */
class BerthRegistryTest extends BusyboxContainers {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();

    @RegisterExtension
    static final LocalRegistryExtension LOGIN = LocalRegistryExtension.htpasswd("carol", "carol-pw");

    @Test
    void aPushedImagePulledIntoAnotherHomeRunsThere(@TempDir Path otherHome) throws Exception {
        String remote = REGISTRY.host() + "/berth/busybox:pushed";
        Image local = berth.image(IMAGE);
        try (Berth pusher = Berth.builder().home(home).withoutDockerConfig().build()) {
            Image tagged = pusher.tag(local, remote);
            assertEquals(local, tagged);
            assertEquals(remote, tagged.reference().orElseThrow());
            pusher.push(remote);
        }
        try (Berth other = Berth.builder().home(otherHome).withoutDockerConfig().build()) {
            assertThrows(ImageNotFoundException.class, () -> other.image(remote));
            AtomicLong bytes = new AtomicLong();
            Image pulled = other.pull(remote, p -> bytes.set(Math.max(bytes.get(), p.totalBytes())));
            assertEquals(local.digest(), pulled.digest());
            assertEquals(local.id(), pulled.id());
            assertEquals(remote, pulled.reference().orElseThrow());
            assertEquals(List.of("sh"), pulled.command());
            assertEquals("image", pulled.env().get("FROM_IMAGE"));
            assertTrue(pulled.exposedPorts().contains("8080/tcp"), pulled.exposedPorts().toString());
            assertTrue(bytes.get() > 0, "no progress was reported");
            try (Container c = other.container(pulled).user("root").command("sh", "-c", "echo pulled $FROM_IMAGE").start()) {
                assertEquals("pulled image\n", run(c));
            }
        }
    }

    @Test
    void badReferencesAndMissingImagesAreNamed() throws Exception {
        InvalidReferenceException bad = assertThrows(InvalidReferenceException.class, () -> berth.pull("Upper/Case"));
        assertTrue(bad.getMessage().contains("Upper/Case"), bad.getMessage());
        try (Berth b = Berth.builder().home(home).withoutDockerConfig().build()) {
            ImageTransferException missing = assertThrows(ImageTransferException.class,
                    () -> b.pull(REGISTRY.host() + "/berth/nosuch:1"));
            assertTrue(missing.getMessage().contains("berth/nosuch:1"), missing.getMessage());
        }
    }

    @Test
    void registryCredentialsFromTheBuilderPushAndPullWhereAnonymousAccessIsRefused(@TempDir Path otherHome) throws Exception {
        String remote = LOGIN.host() + "/private/busybox:1";
        try (Berth pusher = Berth.builder().home(home).withoutDockerConfig()
                .registryCredentials(LOGIN.host(), "carol", "carol-pw").build()) {
            pusher.tag(berth.image(IMAGE), remote);
            pusher.push(remote);
        }
        try (Berth anonymous = Berth.builder().home(otherHome).withoutDockerConfig().build()) {
            ImageTransferException refused = assertThrows(ImageTransferException.class, () -> anonymous.pull(remote));
            assertTrue(refused.getMessage().contains("401") || refused.getMessage().toLowerCase().contains("unauthorized"),
                    refused.getMessage());
        }
        try (Berth other = Berth.builder().home(otherHome).withoutDockerConfig()
                .registryCredentials(LOGIN.host(), "carol", "carol-pw").build()) {
            assertEquals(berth.image(IMAGE).digest(), other.pull(remote).digest());
        }
    }
}
