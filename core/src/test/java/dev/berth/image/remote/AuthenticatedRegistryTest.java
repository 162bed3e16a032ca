package dev.berth.image.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.registry.Credentials;
import dev.berth.image.ProgressListener;
import dev.berth.registry.testing.LocalRegistryExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull through registries with htpasswd (Basic) and token authentication. */
class AuthenticatedRegistryTest {
    @RegisterExtension
    static final LocalRegistryExtension HTPASSWD = LocalRegistryExtension.htpasswd("bob", "bob-pw");
    @RegisterExtension
    static final LocalRegistryExtension TOKENS = LocalRegistryExtension.tokens(t -> t.user("alice", "alice-pw"));

    @TempDir
    Path work;

    private void roundTrip(LocalRegistryExtension registry, Credentials credentials) throws IOException {
        ImageStore local = ImageStore.open(work.resolve("local"));
        Document<ImageManifest> built = TestImages.build(local, "berth.test/auth:v1",
                List.of(TestImages.layerWithFile(work.resolve("l"), "secret.txt", "behind a login")), true);
        RegistryClients clients = RegistryClients.caching(host -> registry.clientBuilder().credentials(credentials).build());
        ImageReference remote = ImageReference.parse(registry.host() + "/private/app:v1");
        ImagePusher.create(local, clients).push(ImageReference.parse("berth.test/auth:v1"), remote, ProgressListener.NONE);

        ImageStore images = ImageStore.open(work.resolve("images"));
        PullResult pulled = ImagePuller.create(images, LayerStore.open(work.resolve("layers"), Host.system()), clients)
                .pull(remote, Platform.host(), ProgressListener.NONE);

        assertEquals(built.digest(), pulled.manifest().digest());
        assertEquals(List.of(remote), images.inspect(remote.toString()).tags());
        ImagePuller anonymous = ImagePuller.create(ImageStore.open(work.resolve("anon")), LayerStore.open(work.resolve("anon-layers"), Host.system()),
                ImagePullerTest.anonymous());
        ImageTransferException e = assertThrows(ImageTransferException.class,
                () -> anonymous.pull(remote, Platform.host(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("401") || e.getMessage().toLowerCase().contains("unauthorized"), e.getMessage());
    }

    @Test
    void basicAuthRegistryServesThePullerAndPusher() throws IOException {
        roundTrip(HTPASSWD, Credentials.basic("bob", "bob-pw"));
    }

    @Test
    void tokenAuthRegistryServesThePullerAndPusher() throws IOException {
        roundTrip(TOKENS, Credentials.basic("alice", "alice-pw"));
    }
}
