package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one HTTP request, retrying per {@link RetryPolicy}; the request is built afresh for
 * each attempt, so bodies are replayed and Authorization is current.
 */
final class RetryingSender {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);

    private final HttpClient http;
    private final RetryPolicy policy;
    private final HttpResponse.BodyHandler<InputStream> bodies;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    RetryingSender(HttpClient http, RetryPolicy policy, Duration connectTimeout, Duration readTimeout) {
        this.http = http;
        this.policy = policy;
        this.bodies = IdleTimeoutBody.handler(readTimeout);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    RetryPolicy policy() {
        return policy;
    }

    /**
     * The first response that is not worth retrying, or the last one when attempts run out.
     * Non-idempotent requests are sent once.
     */
    HttpResponse<InputStream> send(Supplier<HttpRequest> request, boolean idempotent, RequestContext context) throws IOException {
        long deadline = System.nanoTime() + policy.maxElapsed().toNanos();
        for (int attempt = 1;; attempt++) {
            boolean mayRetry = idempotent && attempt < policy.maxAttempts();
            HttpRequest r = request.get();
            HttpResponse<InputStream> response;
            try {
                response = PlainHttpGet.suits(r) ? PlainHttpGet.send(r, connectTimeout, readTimeout) : http.send(r, bodies);
            } catch (IOException e) {
                Duration pause = policy.backoff(attempt);
                if (!mayRetry || past(deadline, pause)) {
                    throw context.failure("could not talk to " + r.uri().getHost() + ":" + r.uri().getPort()
                            + " (" + r.method() + ", attempt " + attempt + "): " + e, e);
                }
                LOG.debug("{}: {} {} failed ({}), retrying in {} ms", context.describe(), r.method(), Redacted.uri(r.uri()), e, pause.toMillis());
                sleep(pause);
                continue;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            if (RetryPolicy.retryable(response.statusCode()) && mayRetry) {
                Duration pause = policy.backoff(attempt, response);
                if (!past(deadline, pause)) {
                    LOG.debug("{}: {} {} answered {}, retrying in {} ms", context.describe(), r.method(), Redacted.uri(r.uri()),
                            response.statusCode(), pause.toMillis());
                    response.body().close();
                    sleep(pause);
                    continue;
                }
            }
            return response;
        }
    }

    private static boolean past(long deadline, Duration pause) {
        return System.nanoTime() + pause.toNanos() > deadline;
    }

    static void sleep(Duration pause) throws InterruptedIOException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    static InterruptedIOException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException io = new InterruptedIOException("interrupted during a registry request");
        io.initCause(e);
        return io;
    }
}
