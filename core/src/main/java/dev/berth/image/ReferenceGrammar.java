package dev.berth.image;

import dev.berth.image.InvalidReferenceException.Reason;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The reference grammar of distribution/reference (regexp.go) and its un-normalised {@code Parse}
 * (reference.go): {@code reference := name [":" tag] ["@" digest]}, {@code name := [domain "/"] path}.
 * {@link ImageReference} adds Docker's normalisation on top.
 */
final class ReferenceGrammar {
    static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final String HEX = "0123456789abcdefABCDEF";
    private static final String ENCODED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=_-";

    /** The parts of a parsed reference; {@code domain}, {@code tag} and {@code digest} may be null. */
    record Parts(String domain, String path, String tag, Digest digest) {
    }

    private record RawParts(String domain, String path, String tag, String digestText) {
    }

    private ReferenceGrammar() {
    }

    /** distribution's {@code Parse}: no normalisation, a bare digest without a name is rejected. */
    static Parts parse(String s) {
        if (s.isEmpty()) {
            throw new InvalidReferenceException(s, Reason.NAME_EMPTY);
        }
        RawParts raw = match(s);
        if (raw == null) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.equals(s) && match(lower) != null) {
                throw new InvalidReferenceException(s, Reason.NAME_CONTAINS_UPPERCASE);
            }
            throw new InvalidReferenceException(s, Reason.INVALID_FORMAT);
        }
        if (raw.path().length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(s, Reason.NAME_TOO_LONG);
        }
        Digest digest = raw.digestText() == null ? null : goDigest(s, raw.digestText());
        return new Parts(raw.domain(), raw.path(), raw.tag(), digest);
    }

    /** The syntactic parts, or null when {@code s} is not {@code name [":" tag] ["@" digest]}. */
    private static RawParts match(String s) {
        String digestText = null;
        String rest = s;
        int at = s.indexOf('@');
        if (at >= 0) {
            digestText = s.substring(at + 1);
            rest = s.substring(0, at);
            if (!isReferenceDigest(digestText)) {
                return null;
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            // Neither a tag nor a path component holds ':', so a colon after the last slash starts the tag.
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return null;
            }
        }
        // Like the regexp, prefer reading the first component as a domain when the rest is still a name.
        int slash = rest.indexOf('/');
        if (slash > 0 && GrammarScanner.isDomainAndPort(rest.substring(0, slash))
                && GrammarScanner.isRemoteName(rest.substring(slash + 1))) {
            return new RawParts(rest.substring(0, slash), rest.substring(slash + 1), tag, digestText);
        }
        return GrammarScanner.isRemoteName(rest) ? new RawParts(null, rest, tag, digestText) : null;
    }

    /** distribution's digest production: {@code [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)* ":" hex{32,}}. */
    private static boolean isReferenceDigest(String text) {
        int colon = text.indexOf(':');
        return colon > 0 && text.length() - colon - 1 >= 32
                && GrammarScanner.isAlgorithm(text.substring(0, colon), "-_+.", true, true)
                && GrammarScanner.allMatch(text, colon + 1, text.length(), HEX);
    }

    /** Validates a tag on its own. */
    static String tag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new InvalidReferenceException(String.valueOf(tag), Reason.TAG_INVALID_FORMAT);
        }
        return tag;
    }

    /** go-digest's {@code Parse}: only sha256, sha384 and sha512 are available, as lowercase hex. */
    static Digest goDigest(String input, String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidReferenceException(input, Reason.DIGEST_INVALID_FORMAT);
        }
        String algorithm = text.substring(0, colon);
        boolean available = algorithm.equals("sha256") || algorithm.equals("sha384") || algorithm.equals("sha512");
        if (!available) {
            boolean wellFormed = GrammarScanner.isAlgorithm(algorithm, ".+_-", false, false)
                    && GrammarScanner.allMatch(text, colon + 1, text.length(), ENCODED);
            throw new InvalidReferenceException(input, wellFormed ? Reason.DIGEST_UNSUPPORTED : Reason.DIGEST_INVALID_FORMAT,
                    algorithm);
        }
        try {
            return Digest.parse(text);
        } catch (InvalidDigestException e) {
            int hex = algorithm.equals("sha256") ? 64 : algorithm.equals("sha384") ? 96 : 128;
            throw new InvalidReferenceException(input, Reason.DIGEST_INVALID_FORMAT,
                    algorithm + " needs " + hex + " lowercase hex digits");
        }
    }
}
