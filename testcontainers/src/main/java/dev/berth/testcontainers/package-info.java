/**
 * Testcontainers on Berth: a {@code DockerClientProviderStrategy} that Testcontainers finds
 * through {@link java.util.ServiceLoader}, serving the Docker Engine API from inside the test
 * JVM on a private unix socket, so that existing {@code @Testcontainers} tests run with one
 * test-scoped dependency and no Docker.
 *
 * <p>What replaces Ryuk: Testcontainers' own JVM shutdown hook prunes the session's containers,
 * networks, volumes and images by label when the JVM exits; when the JVM dies without running
 * it (SIGKILL, OOM killer), a small watcher process started beside it removes the session's
 * containers, networks and volumes, and the next Berth opened on the store removes what a dead JVM left as well
 * (see {@link dev.berth.testcontainers.SessionReaper}).
 *
 * @see <a href="https://java.testcontainers.org/supported_docker_environment/">Testcontainers: supported Docker environments</a>
 */
package dev.berth.testcontainers;
