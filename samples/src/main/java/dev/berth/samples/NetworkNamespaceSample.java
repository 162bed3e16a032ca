package dev.berth.samples;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.DemoImage;
import dev.berth.namespaces.Namespace;
import dev.berth.wait.Wait;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs Java code inside a container's network namespace: busybox {@code httpd} listens on the
 * container's own 127.0.0.1, which the host cannot reach, and a thread of this JVM that joins
 * the namespace ({@link Namespace#call}) fetches a page from it. Needs root.
 *
 * <pre>java -cp samples/target/berth.jar dev.berth.samples.NetworkNamespaceSample [BERTH_HOME]</pre>
 */
public final class NetworkNamespaceSample {
    private NetworkNamespaceSample() {
    }

    public static void main(String[] args) throws Exception {
        try (Berth berth = args.length > 0 ? Berth.builder().home(Path.of(args[0])).build() : Berth.open()) {
            System.out.print(fetch(berth));
        }
    }

    /** The HTTP response to {@code GET /berth-demo}, served from the container's /etc. */
    static String fetch(Berth berth) throws Exception {
        try (Container web = berth.container(DemoImage.build(berth))
                .command("httpd", "-f", "-p", "127.0.0.1:8080", "-h", "/etc")
                .waitingFor(Wait.forSuccessfulExec("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/berth-demo"))
                .start();
                Namespace net = Namespace.of(web.state().pid(), Namespace.Type.NET)) {
            return net.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", 8080), 5000);
                    s.getOutputStream().write("GET /berth-demo HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    try (InputStream in = s.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            });
        }
    }
}
