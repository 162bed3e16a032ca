package dev.berth.image;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A content digest {@code algorithm:encoded}, following the grammar and the registered algorithms of
 * <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">image-spec
 * descriptor.md</a>. Digests of unregistered algorithms that match the grammar are accepted (the spec
 * says to let them pass) but cannot be computed or verified; see {@link #isVerifiable()}.
 */
public final class Digest implements Comparable<Digest> {
    private static final String ENCODED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=_-";

    private enum Registered {
        SHA256("SHA-256", 64), SHA384("SHA-384", 96), SHA512("SHA-512", 128), BLAKE3(null, 64);

        final String jdkName;
        final int hexLength;

        Registered(String jdkName, int hexLength) {
            this.jdkName = jdkName;
            this.hexLength = hexLength;
        }
    }

    private static final Map<String, Registered> REGISTERED = Map.of(
            "sha256", Registered.SHA256, "sha384", Registered.SHA384,
            "sha512", Registered.SHA512, "blake3", Registered.BLAKE3);
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    private final String algorithm;
    private final String encoded;

    private Digest(String algorithm, String encoded) {
        this.algorithm = algorithm;
        this.encoded = encoded;
    }

    /**
     * Parses and validates {@code text}: the grammar always, and for registered algorithms (sha256,
     * sha384, sha512, blake3) lowercase hex of the algorithm's exact length.
     *
     * @throws InvalidDigestException naming the input and the problem
     */
    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        // algorithm: [a-z0-9]+ components joined by single [+._-]; encoded: [a-zA-Z0-9=_-]+
        if (colon <= 0 || !GrammarScanner.isAlgorithm(text.substring(0, colon), "+._-", false, false)
                || !GrammarScanner.allMatch(text, colon + 1, text.length(), ENCODED)) {
            throw new InvalidDigestException(String.valueOf(text),
                    "not of the form algorithm:encoded (algorithm [a-z0-9]+ joined by +._-, encoded [a-zA-Z0-9=_-]+)");
        }
        String algorithm = text.substring(0, colon);
        String encoded = text.substring(colon + 1);
        Registered registered = REGISTERED.get(algorithm);
        if (registered != null && (encoded.length() != registered.hexLength || !LOWER_HEX.matcher(encoded).matches())) {
            throw new InvalidDigestException(text,
                    algorithm + " needs exactly " + registered.hexLength + " lowercase hex digits");
        }
        return new Digest(algorithm, encoded);
    }

    /** Whether {@code text} parses as a digest. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidDigestException e) {
            return false;
        }
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        MessageDigest md = newSha256();
        return fromHash(md.digest(bytes));
    }

    /** The sha256 digest of everything {@code in} yields; the stream is read to its end, not closed. */
    public static Digest sha256(InputStream in) throws IOException {
        MessageDigest md = newSha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            md.update(buffer, 0, n);
        }
        return fromHash(md.digest());
    }

    /** A sha256 digest from a finished {@link MessageDigest} result. */
    public static Digest fromHash(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a sha256 hash has 32 bytes, not " + sha256.length);
        }
        return new Digest("sha256", HexFormat.of().formatHex(sha256));
    }

    /** A fresh sha256 {@link MessageDigest}, the canonical algorithm for everything Berth writes. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The algorithm, e.g. {@code sha256}. */
    public String algorithm() {
        return algorithm;
    }

    /** The encoded part after the colon (hex for the registered algorithms). */
    public String encoded() {
        return encoded;
    }

    /** Whether Berth can compute this algorithm and so verify content against it (sha256/384/512). */
    public boolean isVerifiable() {
        Registered registered = REGISTERED.get(algorithm);
        return registered != null && registered.jdkName != null;
    }

    /**
     * A new {@link MessageDigest} for this digest's algorithm.
     *
     * @throws UnsupportedOperationException if the algorithm is not {@linkplain #isVerifiable() verifiable}
     */
    public MessageDigest newMessageDigest() {
        if (!isVerifiable()) {
            throw new UnsupportedOperationException("cannot compute digest algorithm " + algorithm + " (of " + this + ")");
        }
        try {
            return MessageDigest.getInstance(REGISTERED.get(algorithm).jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code hash} (the result of {@link #newMessageDigest()}) is this digest. */
    public boolean matches(byte[] hash) {
        return HexFormat.of().formatHex(hash).equals(encoded);
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.algorithm.equals(algorithm) && d.encoded.equals(encoded);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + encoded.hashCode();
    }

    /** {@code algorithm:encoded}. */
    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }
}
