package dev.berth;

import java.nio.file.Path;

/**
 * A second JVM for {@link NetworkRecoveryTest}: opens the Berth home given as args[0], starts a
 * container that publishes port 8080 on a free host port, prints its id, host port and address, and
 * waits to be killed.
 */
public final class PublishingOwnerMain {
    private PublishingOwnerMain() {
    }

    public static void main(String[] args) throws Exception {
        Berth berth = Berth.builder().home(Path.of(args[0])).build();
        Container c = berth.container(BusyboxImage.REFERENCE).publish(8080).command("sleep", "600").start();
        System.out.println(c.id() + " " + c.mappedPort(8080) + " " + c.ipAddress().orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
