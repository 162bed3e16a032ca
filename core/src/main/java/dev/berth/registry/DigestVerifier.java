package dev.berth.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Computes a digest over bytes as they pass and compares it with the expected one. Digests are
 * strings of the form {@code sha256:<64 hex>} (or {@code sha512:<128 hex>}), as in the image
 * spec's <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">Digests</a>.
 * Not thread-safe.
 */
public final class DigestVerifier {
    private static final Map<String, String> JCA_NAMES = Map.of("sha256", "SHA-256", "sha512", "SHA-512");
    private static final Map<String, Integer> HEX_LENGTHS = Map.of("sha256", 64, "sha512", 128);
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private final String expected;
    private final String algorithm;
    private final MessageDigest digest;

    private DigestVerifier(String expected) {
        this.expected = expected;
        this.algorithm = checkForm(expected);
        this.digest = newDigest(algorithm);
    }

    /** A verifier for bytes that should hash to {@code expectedDigest}. */
    public static DigestVerifier expecting(String expectedDigest) {
        return new DigestVerifier(expectedDigest);
    }

    /** The sha256 digest string of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(newDigest("sha256").digest(bytes));
    }

    /** The digest of {@code bytes} with the same algorithm as {@code like}. */
    static String digestLike(String like, byte[] bytes) {
        String algorithm = checkForm(like);
        return algorithm + ":" + HexFormat.of().formatHex(newDigest(algorithm).digest(bytes));
    }

    /**
     * Returns the algorithm of a well-formed digest string.
     *
     * @throws IllegalArgumentException if the string is not {@code sha256:}/{@code sha512:} and lowercase hex of the right length
     */
    public static String checkForm(String digest) {
        int colon = digest.indexOf(':');
        String algorithm = colon < 0 ? "" : digest.substring(0, colon);
        Integer length = HEX_LENGTHS.get(algorithm);
        String hex = digest.substring(colon + 1);
        if (length == null || hex.length() != length || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 or sha512 digest: '" + digest + "'");
        }
        return algorithm;
    }

    /** Adds bytes. */
    public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** Forgets every byte added so far. */
    public void reset() {
        digest.reset();
    }

    /** The expected digest. */
    public String expected() {
        return expected;
    }

    /** The digest of the bytes added so far; ends this round (call {@link #reset} before reuse). */
    public String actual() {
        return algorithm + ":" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(JCA_NAMES.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
