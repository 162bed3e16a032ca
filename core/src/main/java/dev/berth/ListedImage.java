package dev.berth;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of {@code docker images}: an image the store lists, by tag or untagged.
 *
 * @param reference the tag, e.g. {@code docker.io/library/alpine:3.20}; empty when untagged
 * @param digest the digest of the manifest or index the entry points at
 * @param id the image ID (its config's digest); for a multi-platform index, the index's digest
 * @param size bytes of the manifest, config and layers present in the store
 * @param created the config's creation time, if it has one
 * @see <a href="https://docs.docker.com/reference/cli/docker/image/ls/">docker images</a>
 */
public record ListedImage(Optional<String> reference, String digest, String id, long size, Optional<Instant> created) {
}
