package dev.berth.image;

/**
 * A snapshot of a transfer: the blob being moved, its bytes so far and its size (-1 when
 * unknown), the totals over all blobs of the transfer, and whether this blob is done (verified
 * and committed). A resumed download that had to restart makes the counts go down. Reported
 * to a {@link ProgressListener}; see the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>.
 */
public record TransferProgress(String digest, long blobBytes, long blobSize, long totalBytes, long totalSize, boolean blobDone) {
}
