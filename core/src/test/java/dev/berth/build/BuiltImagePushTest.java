package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.Berth;
import dev.berth.Image;
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
        try (Berth pusher = Berth.builder().home(home).withoutDockerConfig().build()) {
            pusher.imageBuilder().from(BUSYBOX).user("root").run("echo pushed-build > /built").build(remote);
            pusher.push(remote);
        }
        try (Berth other = Berth.builder().home(otherHome).withoutDockerConfig().build()) {
            Image pulled = other.pull(remote);
            try (var c = other.container(pulled).user("0").command("cat", "/built").start()) {
                c.waitFor(java.time.Duration.ofSeconds(20));
                assertEquals("pushed-build\n", c.logs());
            }
        }
    }
}
