package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Pushes a blob: an existence check, then a cross-repository mount when asked, else an upload
 * session ({@code POST}) filled monolithically ({@code PUT ?digest=}) or in chunks ({@code PATCH}
 * with {@code Content-Range}, then {@code PUT ?digest=}). A failed upload is started afresh
 * (sessions are not resumed), within the retry policy. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs">Pushing blobs</a>.
 */
final class BlobPusher {
    private static final String OCTET_STREAM = "application/octet-stream";

    private final RegistryTransport transport;
    private final BlobPuller puller;
    private final int chunkSize;

    BlobPusher(RegistryTransport transport, BlobPuller puller, int chunkSize) {
        this.transport = transport;
        this.puller = puller;
        this.chunkSize = chunkSize;
    }

    BlobPushOutcome push(String repository, BlobDescriptor blob, BlobSource source, String mountFrom) throws IOException {
        long size = source.size();
        if (blob.hasSize() && blob.size() != size) {
            throw new IllegalArgumentException("the source of " + blob.digest() + " has " + size + " bytes, the descriptor says " + blob.size());
        }
        Set<String> scopes = mountFrom.isEmpty() ? Set.of(AccessScope.push(repository))
                : Set.of(AccessScope.push(repository), AccessScope.pull(RegistryPaths.repo(mountFrom)));
        RequestContext context = new RequestContext(transport.endpoint().host(), repository, "push blob " + blob.digest());
        if (puller.head(repository, blob.digest(), scopes).isPresent()) {
            return BlobPushOutcome.ALREADY_PRESENT;
        }
        RetryPolicy policy = transport.retryPolicy();
        for (int attempt = 1;; attempt++) {
            try {
                Optional<URI> session = startSession(repository, blob, mountFrom, scopes, context);
                if (session.isEmpty()) {
                    return BlobPushOutcome.MOUNTED;
                }
                upload(session.get(), blob, source, size, scopes, context);
                return BlobPushOutcome.UPLOADED;
            } catch (RegistryException e) {
                boolean transientFailure = RetryPolicy.retryable(e.statusCode()) || e.statusCode() == 0 && e.getCause() instanceof IOException;
                if (!transientFailure || attempt >= policy.maxAttempts()) {
                    throw e;
                }
                RetryingSender.sleep(policy.backoff(attempt));
            }
        }
    }

    /** The upload session's URI, or empty when the mount succeeded. */
    private Optional<URI> startSession(String repository, BlobDescriptor blob, String mountFrom, Set<String> scopes, RequestContext context)
            throws IOException {
        URI uri = transport.paths().uploads(repository);
        if (!mountFrom.isEmpty()) {
            uri = URI.create(uri + "?mount=" + encode(blob.digest()) + "&from=" + encode(mountFrom));
        }
        HttpResponse<InputStream> response = transport.expect(
                RegistryRequest.of("POST", uri, BodyPublishers::noBody, 0, scopes, context).retriable(), 201, 202);
        response.body().close();
        if (response.statusCode() == 201 && !mountFrom.isEmpty()) {
            return Optional.empty();
        }
        if (response.statusCode() == 201) {
            throw context.failure(201, "the registry answered 201 to a plain upload request");
        }
        return Optional.of(location(response, uri, context));
    }

    private void upload(URI session, BlobDescriptor blob, BlobSource source, long size, Set<String> scopes, RequestContext context)
            throws IOException {
        Supplier<BodyPublisher> finalBody = BodyPublishers::noBody;
        long finalSize = 0;
        if (chunkSize > 0 && size > chunkSize) {
            session = uploadChunks(session, source, scopes, context);
        } else {
            finalBody = () -> BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> open(source)), size);
            finalSize = size;
        }
        String separator = session.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(session + separator + "digest=" + encode(blob.digest()));
        HttpResponse<InputStream> response = transport.expect(
                RegistryRequest.of("PUT", put, finalBody, finalSize, scopes, context).withHeader("Content-Type", OCTET_STREAM), 201, 204);
        response.body().close();
        checkDigestHeader(response, blob.digest(), context);
    }

    private URI uploadChunks(URI session, BlobSource source, Set<String> scopes, RequestContext context) throws IOException {
        try (InputStream in = source.open()) {
            long offset = 0;
            byte[] chunk;
            while ((chunk = in.readNBytes(chunkSize)).length > 0) {
                byte[] bytes = chunk;
                HttpResponse<InputStream> response = transport.expect(
                        RegistryRequest.of("PATCH", session, () -> BodyPublishers.ofByteArray(bytes), bytes.length, scopes, context)
                                .withHeader("Content-Type", OCTET_STREAM)
                                .withHeader("Content-Range", offset + "-" + (offset + bytes.length - 1)), 202);
                response.body().close();
                session = location(response, session, context);
                offset += bytes.length;
            }
        }
        return session;
    }

    static void checkDigestHeader(HttpResponse<?> response, String expected, RequestContext context) throws RegistryException {
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && !header.get().equals(expected)) {
            throw context.digestMismatch("the registry stored " + header.get() + " (Docker-Content-Digest) instead of " + expected);
        }
    }

    private static URI location(HttpResponse<?> response, URI request, RequestContext context) throws RegistryException {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> context.failure(response.statusCode(), "the registry sent no Location for the upload session"));
        return request.resolve(location);
    }

    private static InputStream open(BlobSource source) {
        try {
            return source.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
