package dev.berth.build.cache;

import dev.berth.image.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A build step's cache key: the sha256 of its parent state's key, its instruction text and the
 * content of what it reads, each part length-prefixed so that no two different inputs give one
 * stream of bytes. A state's key thus covers every step before it, as BuildKit's cache keys chain
 * (<a href="https://docs.docker.com/build/cache/">Docker build cache</a>).
 */
public final class CacheKey {
    private CacheKey() {
    }

    /** The key of a stage's start: {@code FROM} {@code base} (a manifest digest, or {@code scratch}). */
    public static String ofBase(String base) {
        return next("", "FROM " + base, "");
    }

    /** The key of the state after a step. */
    public static String next(String parent, String instruction, String inputs) {
        MessageDigest sha = Digest.newSha256();
        for (String part : new String[] {parent, instruction, inputs}) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(8).putLong(b.length).array());
            sha.update(b);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
