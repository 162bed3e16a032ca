package dev.berth.testcontainers;

import dev.berth.Berth;
import java.net.URI;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.InvalidConfigurationException;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The Testcontainers strategy that runs containers on Berth inside this JVM. Registered in
 * {@code META-INF/services}, so putting {@code berth-testcontainers} on the test class path is
 * all a user does.
 *
 * <p>Where it stands among Testcontainers' strategies (see
 * {@code DockerClientProviderStrategy.getFirstValidStrategy}): an explicit {@code DOCKER_HOST} or
 * {@code tc.host} still wins, as does a strategy saved as {@code docker.client.strategy} in
 * {@code ~/.testcontainers.properties}; after those, this one comes before the local Docker
 * socket ({@link #PRIORITY} is above every built-in strategy), since whoever added this
 * dependency wants Berth. It is applicable only where Berth can run containers (Linux, as root
 * or with user namespaces), so elsewhere Testcontainers goes on to Docker. It is not saved to
 * {@code ~/.testcontainers.properties}, which other projects without Berth read too.
 *
 * <p>The engine starts on first use: {@link InProcessEngine} opens {@link Berth} on the default
 * store (or the one the {@code berth.home} system property names) and serves the Docker Engine
 * API on a socket only this user can open.
 */
public final class BerthClientProviderStrategy extends DockerClientProviderStrategy {
    /** Above {@code EnvironmentAndSystemPropertyClientProviderStrategy}'s 100, the highest built-in. */
    public static final int PRIORITY = 200;

    /** Made by {@link java.util.ServiceLoader}; starts nothing until Testcontainers tries it. */
    public BerthClientProviderStrategy() {
    }

    @Override
    public String getDescription() {
        return "Berth inside this JVM (Docker Engine API on " + InProcessEngine.get().socket() + ")";
    }

    @Override
    protected boolean isApplicable() {
        return Berth.hostUnsupportedReason().isEmpty();
    }

    @Override
    protected boolean isPersistable() {
        return false;
    }

    @Override
    protected int getPriority() {
        return PRIORITY;
    }

    /** Starts the engine (once per JVM) and checks that its socket answers. */
    @Override
    protected boolean test() {
        InProcessEngine.get();
        return super.test();
    }

    /**
     * {@code localhost}, or {@code TESTCONTAINERS_HOST_OVERRIDE}: published ports are on this
     * host, the one the JVM runs on. Testcontainers' default asks a daemon's {@code bridge}
     * network for its gateway when the JVM runs in a container ({@code /.dockerenv}), since the
     * daemon would then be outside; this engine is inside it, with the JVM.
     */
    @Override
    public synchronized String getDockerHostIpAddress() {
        String override = System.getenv("TESTCONTAINERS_HOST_OVERRIDE");
        return override == null || override.isBlank() ? "localhost" : override;
    }

    @Override
    public TransportConfig getTransportConfig() throws InvalidConfigurationException {
        try {
            return TransportConfig.builder().dockerHost(URI.create("unix://" + InProcessEngine.get().socket())).build();
        } catch (IllegalStateException e) {
            throw new InvalidConfigurationException("Berth could not start: " + e.getMessage(), e);
        }
    }
}
