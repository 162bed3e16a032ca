package dev.berth.testcontainers.tests;

import static dev.berth.testcontainers.tests.LocalImages.BUSYBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** {@code Network.newNetwork()} with aliases: one container reaches another by its alias. */
@RequiresRoot("Berth runs the containers and their network as root")
class NetworkTest {

    @Test
    void aContainerReachesAnotherByItsAliasOnANewNetwork() throws Exception {
        try (Network network = Network.newNetwork();
                GenericContainer<?> web = new GenericContainer<>(BUSYBOX)
                        .withNetwork(network)
                        .withNetworkAliases("web", "www.internal")
                        .withCommand("sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 80 -h /www")
                        .waitingFor(Wait.forSuccessfulCommand("wget -q -O /dev/null http://127.0.0.1/"));
                GenericContainer<?> client = new GenericContainer<>(BUSYBOX)
                        .withNetwork(network)
                        .withCommand("sleep", "600")) {
            web.start();
            client.start();
            for (String alias : new String[] {"web", "www.internal"}) {
                ExecResult r = client.execInContainer("wget", "-q", "-O", "-", "http://" + alias + "/");
                assertEquals(0, r.getExitCode(), r.getStderr());
                assertEquals("hello from web\n", r.getStdout());
            }
            String networkId = network.getId();
            assertTrue(DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(networkId).exec()
                    .getContainers().containsKey(web.getContainerId()), "web is not listed on its network");
        }
    }
}
