package dev.berth.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.DemoImage;
import dev.berth.Image;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Executors;

/**
 * A small service that embeds Berth, as a Kubernetes Deployment runs it
 * ({@code samples/kubernetes/}): {@code POST /run} runs the request body as a shell script in a
 * fresh demo-image container (64 MiB, 64 pids, no network, 10 s) and answers with its output and
 * exit code; {@code GET /host} answers with {@link Berth#hostReport()}, what Berth detected about
 * the pod and what it does about it; {@code GET /healthz} answers "ok". Each replica has its own
 * {@code BERTH_HOME} (an emptyDir); scaling is the Deployment's replicas, not Berth's business.
 *
 * <pre>java -cp samples/target/berth-samples.jar dev.berth.samples.SandboxService [PORT [BERTH_HOME]]</pre>
 */
public final class SandboxService {
    private SandboxService() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        String homeEnv = System.getenv("BERTH_HOME");
        Path home = args.length > 1 ? Path.of(args[1]) : homeEnv != null ? Path.of(homeEnv) : null;
        Berth berth = home != null ? Berth.builder().home(home).build() : Berth.open();
        Image image = DemoImage.build(berth);
        System.out.print(berth.hostReport());
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/healthz", ex -> answer(ex, 200, "ok\n"));
        server.createContext("/host", ex -> answer(ex, 200, berth.hostReport().toString()));
        server.createContext("/run", ex -> run(berth, image, ex));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            berth.close(); // stops and removes the containers still running
        }));
        server.start();
        System.out.println("sandbox service on :" + port);
    }

    private static void run(Berth berth, Image image, HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            answer(ex, 405, "POST a shell script\n");
            return;
        }
        String script = new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
        try (Container c = berth.container(image).command("sh", "-c", script)
                .memory(64L << 20).pids(64).networkMode(dev.berth.NetworkMode.NONE).start()) {
            OptionalInt code = c.waitFor(Duration.ofSeconds(10));
            answer(ex, 200, c.logs() + (code.isPresent() ? "exit " + code.getAsInt() : "timed out after 10 s") + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(ex, 503, "interrupted\n");
        } catch (RuntimeException e) {
            answer(ex, 500, e.getMessage() + "\n");
        }
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
