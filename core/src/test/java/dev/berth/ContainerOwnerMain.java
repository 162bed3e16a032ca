package dev.berth;

import java.nio.file.Path;

/**
 * A second JVM for {@link ContainerRecoveryTest}: opens the Berth home given as args[0], starts
 * a container running {@code sleep args[1]}, prints its id and main pid, and waits to be killed.
 */
public final class ContainerOwnerMain {
    private ContainerOwnerMain() {
    }

    public static void main(String[] args) throws Exception {
        Berth berth = Berth.builder().home(Path.of(args[0])).build();
        Container c = berth.container(BusyboxImage.REFERENCE).command("sleep", args[1]).start();
        System.out.println(c.id() + " " + c.state().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
