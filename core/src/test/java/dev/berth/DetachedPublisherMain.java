package dev.berth;

import java.nio.file.Path;

/**
 * A JVM for {@link NetworkConnectTest}: opens the Berth home args[0], starts a detached httpd
 * container publishing 8080 on a free host port, prints its id and host port, and exits
 * without closing anything.
 */
public final class DetachedPublisherMain {
    private DetachedPublisherMain() {
    }

    public static void main(String[] args) throws Exception {
        Berth berth = Berth.builder().home(Path.of(args[0])).build();
        Container c = berth.container(BusyboxImage.REFERENCE).detached(true).publish(8080)
                .command(NetworkTesting.HTTPD).start();
        System.out.println(c.id() + " " + c.mappedPort(8080));
        System.out.flush();
    }
}
