package dev.berth.registry;

/**
 * What pushing a blob took: nothing (the repository had it), a cross-repository mount, or an
 * upload. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs">Pushing blobs</a>
 * and <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository">Mounting a blob from another repository</a>.
 */
public enum BlobPushOutcome {
    /** The repository already had the blob; no bytes were sent. */
    ALREADY_PRESENT,
    /** The registry linked the blob from another repository; no bytes were sent. */
    MOUNTED,
    /** The bytes were uploaded. */
    UPLOADED
}
