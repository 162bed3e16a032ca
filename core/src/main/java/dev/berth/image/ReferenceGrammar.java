package dev.berth.image;

import dev.berth.image.InvalidReferenceException.Reason;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference grammar of distribution/reference (regexp.go) and its un-normalised {@code Parse}
 * (reference.go): {@code reference := name [":" tag] ["@" digest]}, {@code name := [domain "/"] path}.
 * {@link ImageReference} adds Docker's normalisation on top.
 */
final class ReferenceGrammar {
    static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    /** One period, one or two underscores, or any number of dashes. */
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    /** Bracketed IPv6, compressed or not; zones and embedded IPv4 are deliberately excluded. */
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_AND_PORT = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
    static final String TAG = "[\\w][\\w.-]{0,127}";
    /** Looser than {@link Digest}'s grammar on purpose: go-digest then validates what this admits. */
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

    private static final Pattern REFERENCE = Pattern.compile(
            "^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_NAME = Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")$");
    private static final Pattern ANCHORED_TAG = Pattern.compile("^" + TAG + "$");
    static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");
    private static final Pattern GO_DIGEST = Pattern.compile("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$");

    /** The parts of a parsed reference; {@code domain}, {@code tag} and {@code digest} may be null. */
    record Parts(String domain, String path, String tag, Digest digest) {
    }

    private ReferenceGrammar() {
    }

    /** distribution's {@code Parse}: no normalisation, a bare digest without a name is rejected. */
    static Parts parse(String s) {
        if (s.isEmpty()) {
            throw new InvalidReferenceException(s, Reason.NAME_EMPTY);
        }
        Matcher m = REFERENCE.matcher(s);
        if (!m.matches()) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.equals(s) && REFERENCE.matcher(lower).matches()) {
                throw new InvalidReferenceException(s, Reason.NAME_CONTAINS_UPPERCASE);
            }
            throw new InvalidReferenceException(s, Reason.INVALID_FORMAT);
        }
        Matcher name = ANCHORED_NAME.matcher(m.group(1));
        String domain = null;
        String path = m.group(1);
        if (name.matches()) {
            domain = name.group(1);
            path = name.group(2);
        }
        if (path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(s, Reason.NAME_TOO_LONG);
        }
        Digest digest = m.group(3) == null ? null : goDigest(s, m.group(3));
        return new Parts(domain, path, m.group(2), digest);
    }

    /** Validates a tag on its own. */
    static String tag(String tag) {
        if (tag == null || !ANCHORED_TAG.matcher(tag).matches()) {
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
            boolean wellFormed = GO_DIGEST.matcher(text).matches();
            throw new InvalidReferenceException(input, wellFormed ? Reason.DIGEST_UNSUPPORTED : Reason.DIGEST_INVALID_FORMAT,
                    algorithm);
        }
        try {
            return Digest.parse(text);
        } catch (InvalidDigestException e) {
            throw new InvalidReferenceException(input, Reason.DIGEST_INVALID_FORMAT, algorithm
                    + " needs " + (algorithm.equals("sha256") ? 64 : algorithm.equals("sha384") ? 96 : 128)
                    + " lowercase hex digits");
        }
    }
}
