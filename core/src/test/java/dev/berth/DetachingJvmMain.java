package dev.berth;

import java.nio.file.Path;

/**
 * A JVM for {@link DetachedContainerTest} that exits normally: opens the Berth home args[0],
 * starts a detached container that traps SIGTERM and an attached one, prints both ids, and
 * returns from main without closing anything, so that only the shutdown hook acts.
 */
public final class DetachingJvmMain {
    private DetachingJvmMain() {
    }

    public static void main(String[] args) throws Exception {
        Berth berth = Berth.builder().home(Path.of(args[0])).build();
        Container detached = berth.container(BusyboxImage.REFERENCE).user("root").detached(true)
                .command("sh", "-c", "echo started; trap 'echo bye; exit 7' TERM; while true; do sleep 0.1; done")
                .start();
        Container attached = berth.container(BusyboxImage.REFERENCE).command("sleep", "600").start();
        System.out.println(detached.id() + " " + attached.id() + " " + attached.state().pid());
        System.out.flush();
    }
}
