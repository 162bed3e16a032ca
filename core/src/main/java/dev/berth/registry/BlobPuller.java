package dev.berth.registry;

import dev.berth.image.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Checks for and downloads blobs, several at a time on a small bounded pool. When one download
 * fails, those not yet started are skipped (their sinks are never created), those under way
 * finish, and the first failure is thrown with the others suppressed. See the distribution
 * spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>
 * and <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#checking-if-content-exists-in-the-registry">Checking if content exists</a>.
 */
final class BlobPuller {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final RegistryTransport transport;
    private final int concurrency;

    BlobPuller(RegistryTransport transport, int concurrency) {
        this.transport = transport;
        this.concurrency = concurrency;
    }

    /** The blob's size when the repository has it, per {@code HEAD}; empty on 404. */
    Optional<BlobDescriptor> head(String repository, String digest, Set<String> scopes) throws IOException {
        RequestContext context = new RequestContext(transport.endpoint().host(), repository, "check blob " + digest);
        HttpResponse<InputStream> response = transport.expect(
                RegistryRequest.head(transport.paths().blob(repository, digest), scopes, context), 200, 404);
        response.body().close();
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return Optional.of(new BlobDescriptor(digest, size, ""));
    }

    void pull(String repository, BlobDescriptor blob, BlobSink sink, ProgressListener listener) throws IOException {
        new BlobDownload(transport, repository, blob, sink, new ProgressTracker(listener, blob.size())).run();
    }

    void pullAll(String repository, List<BlobDescriptor> blobs, Function<BlobDescriptor, BlobSink> sinks, ProgressListener listener)
            throws IOException {
        Map<String, BlobDescriptor> distinct = new LinkedHashMap<>();
        blobs.forEach(b -> distinct.putIfAbsent(b.digest(), b));
        if (distinct.isEmpty()) {
            return;
        }
        boolean sizesKnown = distinct.values().stream().allMatch(BlobDescriptor::hasSize);
        long totalSize = sizesKnown ? distinct.values().stream().mapToLong(BlobDescriptor::size).sum() : -1;
        ProgressTracker progress = new ProgressTracker(listener, totalSize);
        AtomicBoolean failed = new AtomicBoolean();
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, distinct.size()), r -> {
            Thread t = new Thread(r, "berth-blob-pull-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (BlobDescriptor blob : distinct.values()) {
                futures.add(pool.submit(() -> {
                    if (!failed.get()) {
                        download(repository, blob, sinks, progress, failed);
                    }
                    return null;
                }));
            }
            awaitAll(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    private void download(String repository, BlobDescriptor blob, Function<BlobDescriptor, BlobSink> sinks, ProgressTracker progress,
            AtomicBoolean failed) throws IOException {
        try {
            new BlobDownload(transport, repository, blob, sinks.apply(blob), progress).run();
        } catch (IOException | RuntimeException | Error e) {
            failed.set(true);
            throw e;
        }
    }

    private static void awaitAll(List<Future<?>> futures) throws IOException {
        IOException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                throw RetryingSender.interrupted(e);
            } catch (ExecutionException e) {
                IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause().toString(), e.getCause());
                if (first == null) {
                    first = io;
                } else {
                    first.addSuppressed(io);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
