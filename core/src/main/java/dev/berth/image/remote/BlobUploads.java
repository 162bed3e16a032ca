package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageStore;
import dev.berth.registry.BlobPushOutcome;
import dev.berth.registry.BlobSource;
import dev.berth.image.ProgressListener;
import dev.berth.registry.RegistryClient;
import dev.berth.image.TransferProgress;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends stored blobs to one repository, each once: an existence check, then a cross-repository mount
 * from {@code mountFrom} when set, else an upload of the stored file. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs">Pushing blobs</a>
 * and <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository">Mounting a blob</a>.
 */
final class BlobUploads {
    private final ImageStore images;
    private final RegistryClient client;
    private final String repository;
    private final String mountFrom;
    private final ProgressListener listener;
    private final Map<Digest, BlobPushOutcome> outcomes = new LinkedHashMap<>();
    private long bytesDone;

    BlobUploads(ImageStore images, RegistryClient client, String repository, String mountFrom, ProgressListener listener) {
        this.images = images;
        this.client = client;
        this.repository = repository;
        this.mountFrom = mountFrom;
        this.listener = listener;
    }

    void upload(List<Descriptor> blobs) throws IOException {
        for (Descriptor blob : blobs) {
            if (outcomes.containsKey(blob.digest())) {
                continue;
            }
            BlobSource source = BlobSource.of(images.blobPath(blob.digest()));
            BlobPushOutcome outcome = mountFrom == null
                    ? client.pushBlob(repository, BlobDescriptors.of(blob), source)
                    : client.pushBlob(repository, BlobDescriptors.of(blob), source, mountFrom);
            outcomes.put(blob.digest(), outcome);
            bytesDone += blob.size();
            listener.onProgress(new TransferProgress(blob.digest().toString(), blob.size(), blob.size(), bytesDone, -1, true));
        }
    }

    /** What each blob took, in push order. */
    Map<Digest, BlobPushOutcome> outcomes() {
        return outcomes;
    }
}
