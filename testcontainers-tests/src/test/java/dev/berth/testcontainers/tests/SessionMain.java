package dev.berth.testcontainers.tests;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * A test JVM for {@link SessionCleanupTest}: starts a Testcontainers container on a new network,
 * prints "SESSION CONTAINER NETWORK", then either exits without stopping them ({@code exit}:
 * Testcontainers' shutdown hook must prune them) or waits to be killed ({@code wait}).
 */
public final class SessionMain {
    private SessionMain() {
    }

    public static void main(String[] args) throws Exception {
        Network network = Network.newNetwork();
        GenericContainer<?> c = new GenericContainer<>(LocalImages.BUSYBOX).withNetwork(network).withCommand("sleep", "600");
        c.start();
        System.out.println(DockerClientFactory.SESSION_ID + " " + c.getContainerId() + " " + network.getId());
        System.out.flush();
        if (args[0].equals("exit")) {
            System.exit(0);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
