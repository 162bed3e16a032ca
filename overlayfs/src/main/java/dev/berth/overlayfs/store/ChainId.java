package dev.berth.overlayfs.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The identity of an unpacked layer together with everything below it:
 * {@code ChainID(L0) = DiffID(L0)} and {@code ChainID(L0|…|Ln) = sha256(ChainID(L0|…|Ln-1) + " " + DiffID(Ln))},
 * as in <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec config.md, Layer ChainID</a>.
 */
public record ChainId(String digest) {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    public ChainId {
        requireDigest(digest);
    }

    /** Fails unless {@code d} is {@code sha256:} and 64 lower-case hex digits. */
    static String requireDigest(String d) {
        if (d == null || !SHA256.matcher(d).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + d);
        }
        return d;
    }

    /** The chain id of the bottom layer, which is its diffID. */
    public static ChainId ofBase(String diffId) {
        return new ChainId(diffId);
    }

    /** The chain id of the stack {@code diffIds}, lowest first. */
    public static ChainId of(List<String> diffIds) {
        if (diffIds.isEmpty()) {
            throw new IllegalArgumentException("a chain id needs at least one diffID");
        }
        ChainId c = ofBase(diffIds.get(0));
        for (String d : diffIds.subList(1, diffIds.size())) {
            c = c.child(d);
        }
        return c;
    }

    /** The chain id of a layer with diffID {@code diffId} on top of this chain; {@code parent} may be null. */
    public static ChainId of(ChainId parent, String diffId) {
        return parent == null ? ofBase(diffId) : parent.child(diffId);
    }

    /** The chain id of layer {@code diffId} placed on this chain. */
    public ChainId child(String diffId) {
        requireDigest(diffId);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((digest + " " + diffId).getBytes(StandardCharsets.US_ASCII));
            return new ChainId("sha256:" + HexFormat.of().formatHex(h));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 64 hex digits, used as the directory name in the store. */
    public String hex() {
        return digest.substring("sha256:".length());
    }

    @Override
    public String toString() {
        return digest;
    }
}
