package dev.berth.dockerapi.exec;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerException;
import dev.berth.ExecProcess;
import dev.berth.dockerapi.containers.ContainerLookup;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import dev.berth.dockerapi.http.StreamFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exec endpoints: create an exec in a running container, start it (its output streamed in
 * 8-byte frames, raw with a TTY, over a hijacked connection or a 200 body read to its end, as
 * docker-java reads it), and inspect it for its exit code. Execs live in this server's memory,
 * as dockerd's do in the daemon's.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Exec">Exec</a>
 */
public final class ExecRoutes implements Routes {
    /** How long a finished exec can still be inspected. */
    private static final Duration KEEP_FINISHED = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ExecInstance> execs = new ConcurrentHashMap<>();

    @Override
    public void register(Router router, Berth berth) {
        router.post("/containers/{id}/exec", req -> create(berth, req));
        router.get("/exec/{id}/json", req -> ApiResponse.json(200, exec(req).inspect()));
        router.post("/exec/{id}/start", this::start);
        // The CLI sizes the terminal of docker exec -t as it starts and on each SIGWINCH.
        router.post("/exec/{id}/resize", req -> {
            exec(req).resize(req.queryInt("h", 0), req.queryInt("w", 0));
            return ApiResponse.empty(200);
        });
    }

    private ApiResponse create(Berth berth, ApiRequest req) throws IOException {
        Container c = ContainerLookup.find(berth, req.param("id"));
        ExecJson.Create body = req.json(ExecJson.Create.class);
        if (body == null || body.cmd() == null || body.cmd().isEmpty() || body.cmd().get(0).isEmpty()) {
            throw ApiException.badRequest("No exec command specified");
        }
        if (Boolean.TRUE.equals(body.privileged())) {
            throw ApiException.badRequest("Privileged: Berth does not run privileged execs");
        }
        if (!c.isRunning()) {
            throw ApiException.conflict("Container " + c.id() + " is not running");
        }
        forgetOld();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        execs.put(id, new ExecInstance(id, c, body));
        return ApiResponse.json(201, new ExecJson.Created(id));
    }

    /** Drops execs that finished long ago, and those whose container has gone. */
    private void forgetOld() {
        Instant old = Instant.now().minus(KEEP_FINISHED);
        execs.values().removeIf(e -> e.finished() && e.created().isBefore(old));
    }

    private ExecInstance exec(ApiRequest req) {
        ExecInstance e = execs.get(req.param("id"));
        if (e == null) {
            throw ApiException.notFound("No such exec instance: " + req.param("id"));
        }
        return e;
    }

    private ApiResponse start(ApiRequest req) {
        ExecInstance e = exec(req);
        ExecJson.Start body = req.json(ExecJson.Start.class);
        if (e.finished() || e.running()) {
            throw ApiException.conflict("Error: Exec command " + e.id() + " has already run");
        }
        if (!e.container().isRunning()) {
            throw ApiException.conflict("Container " + e.container().id() + " is not running");
        }
        if (body != null && Boolean.TRUE.equals(body.detach())) {
            ExecProcess p = e.launch(null);
            discard(p.stdout(), e.id() + "-stdout");
            discard(p.stderr(), e.id() + "-stderr");
            return ApiResponse.empty(200);
        }
        boolean tty = e.tty() || body != null && Boolean.TRUE.equals(body.tty());
        return ApiResponse.hijack(tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream",
                (fromClient, toClient) -> run(e, tty, fromClient, toClient));
    }

    /** Runs the exec on the taken-over connection until it has exited and its output is sent. */
    private static void run(ExecInstance e, boolean tty, InputStream fromClient, OutputStream toClient) throws Exception {
        if (tty) {
            runOnTerminal(e, fromClient, toClient);
            return;
        }
        OutputStream stdout = tty ? StreamFrames.raw(toClient) : StreamFrames.framing(toClient, StreamFrames.STDOUT);
        OutputStream stderr = tty ? stdout : StreamFrames.framing(toClient, StreamFrames.STDERR);
        ExecProcess p;
        try {
            p = e.launch(e.attachStdin() ? fromClient : null);
        } catch (ContainerException failed) {
            // The head has gone out: the failure is the output, and the exit code says it, as with runc.
            stderr.write((failed.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            stderr.flush();
            return;
        }
        boolean toStdout = !Boolean.FALSE.equals(e.config().attachStdout());
        boolean toStderr = !Boolean.FALSE.equals(e.config().attachStderr());
        Thread errors = new Thread(() -> copy(p.stderr(), toStderr ? stderr : OutputStream.nullOutputStream()), e.id() + "-stderr");
        errors.setDaemon(true);
        errors.start();
        copy(p.stdout(), toStdout ? stdout : OutputStream.nullOutputStream());
        errors.join();
        p.waitFor();
        toClient.flush();
    }

    /**
     * {@code docker exec -t}: the command gets a pseudo-terminal of its own (its controlling
     * terminal, sized by {@code /exec/{id}/resize}); what it writes there goes raw to the client,
     * and the client's keys are typed into it.
     */
    private static void runOnTerminal(ExecInstance e, InputStream fromClient, OutputStream toClient) throws Exception {
        OutputStream out = StreamFrames.raw(toClient);
        ExecProcess p;
        try {
            p = e.launch(null, true);
        } catch (ContainerException failed) {
            out.write((failed.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        // A pty of the container's own devpts, made inside it; this server holds only the master.
        try (dev.berth.namespaces.PseudoTerminal pty = p.terminal()) {
            if (e.attachStdin()) {
                Thread keys = new Thread(() -> {
                    byte[] buf = new byte[4096];
                    try {
                        for (int n; (n = fromClient.read(buf)) >= 0;) {
                            pty.write(buf, n);
                        }
                    } catch (IOException gone) {
                        // the client or the command has gone
                    }
                }, e.id() + "-keys");
                keys.setDaemon(true);
                keys.start();
            }
            Thread output = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    // -1 once every descriptor of the slave is closed (the command's and its children's)
                    for (int n; (n = pty.read(buf)) >= 0;) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException gone) {
                    // the client has gone: the command runs on
                }
            }, e.id() + "-terminal");
            output.setDaemon(true);
            output.start();
            p.waitFor();
            // What the command wrote last is still read; a child it left holding the terminal
            // does not hold the answer open (docker ends the exec with its process too).
            output.join(2000);
            toClient.flush();
        }
    }

    /** Copies until the command closes the stream, flushing each read so that the client sees output as it comes. */
    private static void copy(InputStream from, OutputStream to) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = from.read(buf)) >= 0;) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException gone) {
            // the client has gone: the command runs on to its end, its output unread
            try {
                from.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the command has gone too
            }
        }
    }

    /** Reads a detached exec's stream to its end, so that a full pipe never holds the command back. */
    private static void discard(InputStream in, String name) {
        Thread t = new Thread(() -> copy(in, OutputStream.nullOutputStream()), name);
        t.setDaemon(true);
        t.start();
    }
}
