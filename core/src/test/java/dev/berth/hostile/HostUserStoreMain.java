package dev.berth.hostile;

import dev.berth.Berth;
import dev.berth.Container;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The store owner's JVM for {@link HostUserStoreTest}'s rootless case: opens the default home
 * ({@code $XDG_DATA_HOME/berth}), starts a detached container of {@link HostUserStoreTest#IMAGE}
 * that writes a set-uid file to its upper, a volume file and a log line, waits until it has, and
 * returns, leaving the container running. Argument: a directory holding the compiled probe.
 */
public final class HostUserStoreMain {
    private HostUserStoreMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Berth berth = Berth.open()) {
            Container c = berth.container(HostUserStoreTest.IMAGE).user("root").bind(Path.of(args[0]), "/probe", true)
                    .volume("hostile-data", "/data").detached(true).command("sh", "-c", HostUserStoreTest.SCRIPT).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!c.logs().contains("ready") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!c.logs().contains("ready")) {
                throw new IllegalStateException("the container did not get ready: " + c.logs());
            }
            System.out.println("container " + c.id() + " ready");
        }
        System.exit(0);
    }
}
