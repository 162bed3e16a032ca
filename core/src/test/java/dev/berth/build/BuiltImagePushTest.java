package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.Berth;
import dev.berth.BerthInternals;
import dev.berth.Image;
import dev.berth.image.remote.RegistryClients;
import dev.berth.registry.CredentialSource;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.testing.LocalRegistryExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A built image is pushed to a real registry on 127.0.0.1, pulled into another home and runs there. */
class BuiltImagePushTest extends BuildFixture {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();

    @Test
    void aBuiltImageIsPushedAndRunsWherePulled(@TempDir Path otherHome) throws Exception {
        String remote = REGISTRY.host() + "/berth/built:1";
        RegistryClients anonymous = RegistryClients.caching(
                host -> RegistryClient.builder(host).credentialSource(CredentialSource.none()).build());
        try (Berth pusher = BerthInternals.registries(Berth.builder().home(home), anonymous).build()) {
            pusher.imageBuilder().from(BUSYBOX).user("root").run("echo pushed-build > /built").build(remote);
            pusher.push(remote);
        }
        try (Berth other = BerthInternals.registries(Berth.builder().home(otherHome), anonymous).build()) {
            Image pulled = other.pull(remote);
            try (var c = other.container(pulled).user("0").command("cat", "/built").start()) {
                c.waitFor(java.time.Duration.ofSeconds(20));
                assertEquals("pushed-build\n", c.logs());
            }
        }
    }
}
