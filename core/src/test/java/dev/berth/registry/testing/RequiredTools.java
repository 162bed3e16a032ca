package dev.berth.registry.testing;

import org.junit.jupiter.api.Assumptions;

/** Skips tests, saying why, when a host tool they run is missing. */
public final class RequiredTools {
    private RequiredTools() {
    }

    public static void dockerRegistry() {
        Assumptions.assumeTrue(LocalRegistry.available(),
                "docker-registry is not on PATH (apt-get install docker-registry): skipping tests against a real registry");
    }

    public static void htpasswd() {
        Assumptions.assumeTrue(ExternalCommand.find("htpasswd").isPresent(),
                "htpasswd is not on PATH (apt-get install apache2-utils): skipping Basic-auth registry tests");
    }

    public static void skopeo() {
        Assumptions.assumeTrue(Skopeo.available(), "skopeo is not on PATH (apt-get install skopeo): skipping interoperability tests");
    }
}
