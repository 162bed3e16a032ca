package dev.berth;

import java.nio.file.Path;

/**
 * A JVM for {@link ContainerLifecycleTest}: opens the Berth home args[0], creates (without
 * starting) a detached container named args[1] that echoes and exits 3, prints its id, and exits.
 */
public final class CreatingJvmMain {
    private CreatingJvmMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Berth berth = Berth.builder().home(Path.of(args[0])).build()) {
            Container c = berth.container(BusyboxImage.REFERENCE).name(args[1]).detached(true)
                    .command("sh", "-c", "echo ran; exit 3").create();
            System.out.println(c.id());
        }
    }
}
