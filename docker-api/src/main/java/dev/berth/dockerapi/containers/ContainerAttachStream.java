package dev.berth.dockerapi.containers;

import dev.berth.Container;
import dev.berth.ContainerAttach;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.StreamFrames;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import dev.berth.log.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /containers/{id}/attach}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerAttach">ContainerAttach</a>):
 * the connection is hijacked; the container's output goes to the client as Docker's
 * multiplexed frames, or raw for a container with a TTY, and what the client sends goes to its
 * stdin when {@code stdin=1}. A container that does not run is attached to its next run, as
 * {@code docker run} and {@code docker start -a} attach before they start. The attach ends
 * when the run exits or the client leaves; the container runs on when the client leaves.
 */
final class ContainerAttachStream {
    private static final Duration SLICE = Duration.ofSeconds(1);

    private final ApiRequest req;
    private final Container container;
    private final boolean logs;
    private final boolean stream;
    private final boolean stdin;
    private final boolean stdout;
    private final boolean stderr;

    private ContainerAttachStream(ApiRequest req, Container container) {
        this.req = req;
        this.container = container;
        this.logs = req.queryFlag("logs", false);
        this.stream = req.queryFlag("stream", false);
        this.stdin = req.queryFlag("stdin", false);
        this.stdout = req.queryFlag("stdout", false);
        this.stderr = req.queryFlag("stderr", false);
    }

    static ApiResponse response(ApiRequest req, Container container) {
        ContainerAttachStream a = new ContainerAttachStream(req, container);
        String type = container.tty() ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        return ApiResponse.hijack(type, a::run);
    }

    private void run(InputStream fromClient, OutputStream toClient) throws Exception {
        if (!stream) {
            // logs=1 without stream: what it wrote so far, then the end.
            if (logs) {
                for (LogRecord r : container.logRecords(LogQuery.all())) {
                    write(r, toClient);
                }
                toClient.flush();
            }
            return;
        }
        try (ContainerAttach attach = container.attach(logs)) {
            while (!attach.awaitRun(SLICE)) {
                if (!req.clientConnected() || !java.nio.file.Files.isDirectory(container.directory())) {
                    return;
                }
            }
            if (stdin) {
                startInput(attach, fromClient);
            }
            LogStream output = attach.output();
            while (req.clientConnected()) {
                Optional<LogRecord> r = output.poll(SLICE);
                if (r.isPresent()) {
                    write(r.get(), toClient);
                    toClient.flush();
                } else if (output.ended()) {
                    return;
                }
            }
        }
    }

    /** Copies the client's bytes to the container's stdin until the client closes its side. */
    private void startInput(ContainerAttach attach, InputStream fromClient) {
        Optional<OutputStream> to;
        try {
            to = attach.stdin();
        } catch (IllegalStateException e) {
            LoggerFactory.getLogger(ContainerAttachStream.class).warn("attach to {}: no stdin: {}", container.name(), e.getMessage());
            return;
        }
        if (to.isEmpty()) {
            return; // not created with OpenStdin: the client's bytes are not read, as dockerd
        }
        Thread input = new Thread(() -> {
            try (OutputStream in = to.get()) {
                fromClient.transferTo(in);
            } catch (IOException e) {
                // the client or the container went: the attach ends with the output
            }
        }, "attach-stdin-" + container.name());
        input.setDaemon(true);
        input.start();
    }

    /** One record, as a frame of its stream (or raw with a TTY), unless that stream was not asked for. */
    private void write(LogRecord r, OutputStream out) throws IOException {
        boolean isErr = r.source() == LogRecord.Source.STDERR;
        if (isErr ? !stderr : !stdout) {
            return;
        }
        byte[] bytes = r.bytes();
        if (container.tty()) {
            out.write(bytes);
        } else {
            StreamFrames.write(out, isErr ? StreamFrames.STDERR : StreamFrames.STDOUT, bytes, 0, bytes.length);
        }
    }
}
