package dev.berth.build.cache;

import dev.berth.image.Digest;
import java.time.Instant;

/**
 * What a cached layer step made: its layer blob (in the image store), diffID, size and media
 * type, and when it was first made, so that an unchanged rebuild writes the same history and
 * thus the same image.
 */
public record CacheRecord(Digest blob, Digest diffId, long size, String mediaType, Instant created) {
}
