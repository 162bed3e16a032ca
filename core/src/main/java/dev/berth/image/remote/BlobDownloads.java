package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageStore;
import dev.berth.registry.BlobDescriptor;
import dev.berth.image.ProgressListener;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Downloads the blobs of an image that the store lacks, in the background and in the image's order
 * (the client runs a few at once), and lets the caller wait for each one as it lands: layer 0 can be
 * unpacked while later layers still download. Blobs follow the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>.
 */
final class BlobDownloads implements AutoCloseable {
    private final Map<Digest, CompletableFuture<Void>> arrivals = new LinkedHashMap<>();
    /** Layer blobs verified in staging, not yet synced nor in {@code blobs/} (see {@link #publish}). */
    private final Map<Digest, Path> verified = new ConcurrentHashMap<>();
    private final ImageStore store;
    private final Thread worker;

    private BlobDownloads(RegistryClient client, String repository, ImageStore store, List<Descriptor> blobs,
            LayerStreams streams, ProgressListener listener) {
        this.store = store;
        List<BlobDescriptor> missing = new ArrayList<>();
        for (Descriptor d : blobs) {
            if (!store.hasBlob(d.digest()) && !arrivals.containsKey(d.digest())) {
                arrivals.put(d.digest(), new CompletableFuture<>());
                missing.add(BlobDescriptors.of(d));
            }
        }
        worker = new Thread(() -> download(client, repository, store, missing, streams, listener), "berth-pull " + repository);
        worker.setDaemon(true);
    }

    /**
     * Starts downloading those of {@code blobs} that {@code store} does not have; layers are teed
     * to {@code streams} so they unpack while they download.
     */
    static BlobDownloads start(RegistryClient client, String repository, ImageStore store, List<Descriptor> blobs,
            LayerStreams streams, ProgressListener listener) {
        BlobDownloads downloads = new BlobDownloads(client, repository, store, blobs, streams, listener);
        if (!downloads.arrivals.isEmpty()) {
            downloads.worker.start();
        }
        return downloads;
    }

    private void download(RegistryClient client, String repository, ImageStore store, List<BlobDescriptor> missing,
            LayerStreams streams, ProgressListener listener) {
        try {
            client.pullBlobs(repository, missing, b -> {
                Digest digest = Digest.parse(b.digest());
                return new StoreBlobSink(store, digest, streams.pipeFor(digest), staged -> {
                    if (staged != null) {
                        verified.put(digest, staged);
                    }
                    arrivals.get(digest).complete(null);
                });
            }, listener);
        } catch (IOException | RuntimeException | Error e) {
            // The first failure, with the others suppressed; blobs that never started fail with it too.
            arrivals.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** The blobs this pull downloads (those the store lacked), in order. */
    List<Digest> downloaded() {
        return List.copyOf(arrivals.keySet());
    }

    /**
     * Reads a blob that has arrived ({@link #await}): from staging while it waits for
     * {@link #publish}, else from the store.
     */
    InputStream open(Digest digest) throws IOException {
        Path staged = verified.get(digest);
        return staged != null ? Files.newInputStream(staged) : store.openBlob(digest);
    }

    /**
     * Makes the layer blobs durable and moves them into the store's {@code blobs/}. Called once the
     * layers are committed: that commit's syncfs has written the blobs too (on one file system), so
     * each blob's fsync here finds little to do. A crash before leaves complete layers whose blobs
     * a later pull downloads again; nothing names an unsynced blob.
     */
    void publish() throws IOException {
        if (!verified.isEmpty()) {
            store.adoptVerifiedBlobs(new LinkedHashMap<>(verified));
            verified.clear();
        }
    }

    /** Returns once {@code digest} has arrived, verified; throws the download's failure. */
    void await(Digest digest) throws IOException {
        CompletableFuture<Void> arrival = arrivals.get(digest);
        if (arrival == null) {
            return; // the store had it
        }
        try {
            arrival.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (IOException) new InterruptedIOException("interrupted while downloading blob " + digest).initCause(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("downloading blob " + digest + " failed: " + cause, cause);
        }
    }

    /**
     * Stops downloads still under way (after a failure elsewhere) and waits for them to end;
     * removes verified blobs that were not published.
     */
    @Override
    public void close() throws InterruptedIOException {
        try {
            if (worker.isAlive()) {
                worker.interrupt();
                try {
                    worker.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while stopping the downloads of " + worker.getName());
                }
            }
        } finally {
            for (Path staged : verified.values()) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException e) {
                    // Best effort: the store's gc() clears staging leftovers.
                }
            }
            verified.clear();
        }
    }
}
