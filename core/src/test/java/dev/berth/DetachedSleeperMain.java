package dev.berth;

import java.nio.file.Path;

/**
 * A JVM for {@link ReattachedContainerCgroupTest}: opens the Berth home args[0], starts a
 * detached container running {@code sleep 300} under a shell, prints its id once it runs, and exits.
 */
public final class DetachedSleeperMain {
    private DetachedSleeperMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Berth berth = Berth.builder().home(Path.of(args[0])).build()) {
            Container c = berth.container(BusyboxImage.REFERENCE).user("root").detached(true)
                    .command("sh", "-c", "sleep 300; echo done").start();
            System.out.println(c.id());
        }
    }
}
