package dev.berth.dockerapi.images;

import dev.berth.Berth;
import dev.berth.Image;
import dev.berth.RegistryAuth;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.image.ImageReference;
import dev.berth.image.ProgressListener;
import dev.berth.image.TransferProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code POST /images/create?fromImage=} (pull) and {@code POST /images/{name}/push}, with the
 * caller's {@code X-Registry-Auth} and Docker's JSON progress: per layer "Pulling fs layer",
 * "Downloading" with its bytes, "Pull complete"; then the digest and status, which docker-java
 * reads to decide the pull succeeded
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageCreate">ImageCreate</a>,
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImagePush">ImagePush</a>).
 */
final class RegistryTransfers {
    /** Progress lines of a blob at most this often, so a big layer does not flood the client. */
    private static final long PROGRESS_STEP = 512 * 1024;

    private final Berth berth;

    RegistryTransfers(Berth berth) {
        this.berth = berth;
    }

    ApiResponse pull(ApiRequest r) throws Exception {
        String from = r.query("fromImage").filter(s -> !s.isEmpty()).orElseThrow(() -> ApiException.badRequest(
                r.query("fromSrc").isPresent() ? "import (fromSrc) is not supported" : "fromImage must be given"));
        String reference = ImageNames.reference(from, ImageNames.hasTagOrDigest(from) ? null : r.query("tag").filter(t -> !t.isEmpty()).orElse("latest"));
        ImageReference ref = ImageReference.parse(reference);
        RegistryAuth auth = RegistryAuthHeader.parse(r.header("X-Registry-Auth"));
        Optional<String> before = existing(reference);
        Feed feed = new Feed();
        CompletableFuture<Image> pull = CompletableFuture.supplyAsync(() -> {
            try {
                return berth.pull(reference, auth, feed);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        // As dockerd: a repository or tag that does not exist is a 404 before any progress is sent.
        Object first = feed.firstOrDone(pull);
        if (first == null && pull.isCompletedExceptionally()) {
            Throwable failure = cause(pull);
            if (isNotFound(failure)) {
                throw ApiException.notFound("pull access denied for " + ref.familiarName()
                        + ", repository does not exist or may require 'docker login': " + failure.getMessage());
            }
        }
        String familiar = ref.familiar();
        return ApiResponse.stream(200, "application/json", out -> {
            JsonProgress progress = new JsonProgress(out);
            progress.status("Pulling from " + repositoryPath(ref), ref.tag().orElse(ref.digest().map(Object::toString).orElse("latest")));
            LayerLines lines = new LayerLines(progress, "Pulling fs layer", "Downloading", "Download complete", "Pull complete");
            if (first instanceof TransferProgress p) {
                lines.accept(p);
            }
            feed.drain(pull, lines);
            try {
                Image image = pull.get();
                for (String layer : image.layerDigests()) {
                    lines.alreadyThere(layer, "Already exists");
                }
                progress.status("Digest: " + image.digest(), null);
                progress.status("Status: " + (before.filter(image.digest()::equals).isPresent() ? "Image is up to date for "
                        : "Downloaded newer image for ") + familiar, null);
            } catch (ExecutionException e) {
                progress.error(e.getCause().getMessage());
            }
        });
    }

    ApiResponse push(ApiRequest r) throws Exception {
        String name = r.param("name");
        Optional<String> tag = r.query("tag").filter(t -> !t.isEmpty());
        List<String> references = new ArrayList<>();
        if (tag.isPresent() || ImageNames.hasTagOrDigest(name)) {
            references.add(ImageNames.reference(name, tag.orElse(null)));
        } else {
            // No tag: every tag of the repository, as docker push NAME does.
            String repo = ImageReference.parse(name).withoutDigest().familiarName();
            for (Image image : ImageNames.distinct(berth)) {
                for (String t : ImageNames.repoTags(image)) {
                    if (ImageReference.parse(t).familiarName().equals(repo)) {
                        references.add(t);
                    }
                }
            }
        }
        for (String ref : references) {
            if (ImageNames.findOptional(berth, ref).isEmpty()) {
                throw ApiException.notFound("An image does not exist locally with the tag: " + ref);
            }
        }
        if (references.isEmpty()) {
            throw ApiException.notFound("An image does not exist locally with the tag: " + name);
        }
        RegistryAuth auth = RegistryAuthHeader.parse(r.header("X-Registry-Auth"));
        return ApiResponse.stream(200, "application/json", out -> {
            JsonProgress progress = new JsonProgress(out);
            progress.status("The push refers to repository [" + ImageReference.parse(references.get(0)).familiarName() + "]", null);
            for (String ref : references) {
                LayerLines lines = new LayerLines(progress, "Preparing", "Pushing", null, "Pushed");
                try {
                    String config = berth.image(ref).id(); // the config blob is no layer: Docker shows none for it
                    Image pushed = berth.push(ref, auth, p -> {
                        if (!p.digest().equals(config)) {
                            lines.accept(p);
                        }
                    });
                    for (String layer : pushed.layerDigests()) {
                        lines.alreadyThere(layer, "Layer already exists");
                    }
                    String shown = ImageReference.parse(ref).tag().orElse("latest");
                    int size = pushed.manifestJson().length;
                    progress.status(shown + ": digest: " + pushed.digest() + " size: " + size, null);
                    progress.aux(Map.of("Tag", shown, "Digest", pushed.digest(), "Size", size));
                } catch (IOException | RuntimeException e) {
                    progress.error(e.getMessage());
                    return;
                }
            }
        });
    }

    private Optional<String> existing(String reference) throws IOException {
        return ImageNames.findOptional(berth, reference).map(Image::digest);
    }

    /** {@code library/busybox} for Docker Hub's official images, the repository path elsewhere. */
    private static String repositoryPath(ImageReference ref) {
        return ref.repository();
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private static boolean isNotFound(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("404") || m.contains("MANIFEST_UNKNOWN") || m.contains("NAME_UNKNOWN")
                    || m.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Progress events handed from the transfer's threads to the one that writes the response,
     * so the 404 can still be decided before the first byte.
     */
    private static final class Feed implements ProgressListener {
        private static final Object DONE = new Object();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

        @Override
        public void onProgress(TransferProgress progress) {
            queue.add(progress);
        }

        /** The first event, or null once the transfer ended without one. */
        Object firstOrDone(CompletableFuture<?> transfer) throws InterruptedException {
            transfer.whenComplete((v, e) -> queue.add(DONE));
            Object first = queue.take();
            return first == DONE ? null : first;
        }

        void drain(CompletableFuture<?> transfer, Consumer<TransferProgress> sink) throws InterruptedException {
            while (true) {
                Object next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next instanceof TransferProgress p) {
                    sink.accept(p);
                } else if (next == DONE || next == null && transfer.isDone() && queue.isEmpty()) {
                    return;
                }
            }
        }
    }

    /** Per blob: a start line, throttled progress lines and the end lines, with the short digest as id. */
    private static final class LayerLines implements Consumer<TransferProgress> {
        private final JsonProgress progress;
        private final String started;
        private final String moving;
        private final String downloaded;
        private final String finished;
        private final Map<String, Long> lastShown = new ConcurrentHashMap<>();

        LayerLines(JsonProgress progress, String started, String moving, String downloaded, String finished) {
            this.progress = progress;
            this.started = started;
            this.moving = moving;
            this.downloaded = downloaded;
            this.finished = finished;
        }

        /** {@code status} ("Already exists") for a layer the other side had, so no transfer reported it. */
        synchronized void alreadyThere(String digest, String status) {
            String id = ImageNames.shortId(digest);
            if (lastShown.putIfAbsent(id, Long.MAX_VALUE) == null) {
                progress.status(status, id);
            }
        }

        @Override
        public synchronized void accept(TransferProgress p) {
            String id = ImageNames.shortId(p.digest());
            Long shown = lastShown.get(id);
            if (shown == null) {
                progress.status(started, id);
                lastShown.put(id, -PROGRESS_STEP);
                shown = -PROGRESS_STEP;
            }
            if (shown == Long.MAX_VALUE) {
                return;
            }
            if (p.blobDone()) {
                if (downloaded != null) {
                    progress.status(downloaded, id);
                }
                progress.status(finished, id);
                lastShown.put(id, Long.MAX_VALUE);
            } else if (p.blobBytes() - shown >= PROGRESS_STEP) {
                progress.progress(moving, id, p.blobBytes(), p.blobSize());
                lastShown.put(id, p.blobBytes());
            }
        }
    }
}
