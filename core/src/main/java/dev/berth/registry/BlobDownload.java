package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one blob into a {@link BlobSink} through an on-the-fly digest check. A connection
 * that drops mid-body is resumed with {@code Range: bytes=N-} when the server answers 206 (and
 * restarted from byte 0 when it answers 200); the digest covers the whole blob either way. See
 * the distribution spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>.
 */
final class BlobDownload {
    private static final Logger LOG = LoggerFactory.getLogger(BlobDownload.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-\\d+/(\\d+|\\*)");
    private static final int BUFFER = 256 * 1024; // fewer reads, digest updates and writes per blob

    private final RegistryTransport transport;
    private final String repository;
    private final BlobDescriptor blob;
    private final BlobSink sink;
    private final ProgressTracker progress;
    private final RequestContext context;
    private final DigestVerifier verifier;
    private long written;

    BlobDownload(RegistryTransport transport, String repository, BlobDescriptor blob, BlobSink sink, ProgressTracker progress) {
        this.transport = transport;
        this.repository = repository;
        this.blob = blob;
        this.sink = sink;
        this.progress = progress;
        this.context = new RequestContext(transport.endpoint().host(), repository, "pull blob " + blob.digest());
        this.verifier = DigestVerifier.expecting(blob.digest());
    }

    /** Downloads, verifies and commits; on any failure discards the sink and throws. */
    void run() throws IOException {
        try {
            fetchWithResume();
            if (blob.hasSize() && written != blob.size()) {
                throw context.failure(0, "received " + written + " bytes, but the descriptor says " + blob.size());
            }
            String actual = verifier.actual();
            if (!actual.equals(blob.digest())) {
                throw context.digestMismatch("blob " + blob.digest() + " does not match its digest: the received bytes hash to " + actual
                        + "; nothing was committed");
            }
            sink.commit();
            progress.done(blob, written);
        } catch (IOException | RuntimeException | Error e) {
            sink.discard();
            throw e;
        }
    }

    private void fetchWithResume() throws IOException {
        RetryPolicy policy = transport.retryPolicy();
        long deadline = System.nanoTime() + policy.maxElapsed().toNanos();
        for (int attempt = 1;; attempt++) {
            try {
                fetchOnce();
                return;
            } catch (DroppedConnection e) {
                if (attempt >= policy.maxAttempts() || System.nanoTime() > deadline) {
                    throw context.failure("the connection dropped after " + written + " bytes, " + attempt + " attempts: "
                            + e.getCause(), e.getCause());
                }
                LOG.debug("{}: connection dropped after {} bytes ({}), resuming", context.describe(), written, e.getCause().toString());
                RetryingSender.sleep(policy.backoff(attempt));
            }
        }
    }

    private void fetchOnce() throws IOException {
        RegistryRequest request = RegistryRequest.get(transport.paths().blob(repository, blob.digest()),
                Set.of(AccessScope.pull(repository)), context);
        if (written > 0) {
            request = request.withHeader("Range", "bytes=" + written + "-");
        }
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        if (status == 206 && written > 0) {
            checkResumeOffset(response);
        } else if (status == 200) {
            if (written > 0) {
                restartFromZero();
            }
        } else {
            throw context.httpFailure(status, RegistryTransport.readSmall(response), "");
        }
        copy(response.body());
    }

    private void copy(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new DroppedConnection(e);
                }
                if (n < 0) {
                    return;
                }
                if (blob.hasSize() && written + n > blob.size()) {
                    throw context.failure(0, "the registry sent more than the " + blob.size() + " bytes the descriptor states");
                }
                verifier.update(buffer, 0, n);
                sink.write(buffer, 0, n);
                written += n;
                progress.advance(blob, written, n);
            }
        }
    }

    private void checkResumeOffset(HttpResponse<InputStream> response) throws IOException {
        Optional<String> range = response.headers().firstValue("Content-Range");
        Matcher m = CONTENT_RANGE.matcher(range.orElse(""));
        if (!m.matches() || Long.parseLong(m.group(1)) != written) {
            response.body().close();
            throw context.failure(206, "asked to resume at byte " + written + " but the server sent Content-Range '"
                    + range.orElse("") + "'");
        }
    }

    private void restartFromZero() throws IOException {
        LOG.debug("{}: server ignored the Range request, restarting from byte 0", context.describe());
        sink.restart();
        verifier.reset();
        progress.advance(blob, 0, -written);
        written = 0;
    }

    /** Reading the body failed: the connection dropped or stalled. */
    private static final class DroppedConnection extends IOException {
        private static final long serialVersionUID = 1L;

        DroppedConnection(IOException cause) {
            super(cause);
        }
    }
}
