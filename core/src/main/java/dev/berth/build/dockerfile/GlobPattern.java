package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code .dockerignore} pattern compiled the way moby's {@code patternmatcher} reads it ({@code *} and
 * {@code ?} within a path element, {@code **} across elements, {@code [...]} classes, {@code \} escapes),
 * matched against a whole path by simulating all states at once: time is linear in the path for every
 * pattern, so a hostile build context cannot make matching explode the way backtracking would.
 */
final class GlobPattern {
    private enum Kind { LITERAL, ANY, STAR, ANYTHING, DIRECTORIES, CLASS }

    /** One step: a literal character, a wildcard, or a character class (ranges as lo/hi pairs). */
    private record Token(Kind kind, char literal, boolean negated, char[] ranges) {
        boolean accepts(char c) {
            return switch (kind) {
                case LITERAL -> c == literal;
                case ANY, STAR -> c != '/';
                case ANYTHING, DIRECTORIES -> true;
                case CLASS -> inRanges(c) != negated;
            };
        }

        private boolean inRanges(char c) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (c >= ranges[i] && c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Token[] tokens;

    private GlobPattern(List<Token> tokens) {
        this.tokens = tokens.toArray(new Token[0]);
    }

    /**
     * Compiles {@code pattern} (already cleaned).
     *
     * @throws IllegalArgumentException for an unterminated or empty character class or a reversed range
     */
    static GlobPattern compile(String pattern) {
        List<Token> tokens = new ArrayList<>();
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    tokens.add(simple(i + 1 >= n ? Kind.ANYTHING : Kind.DIRECTORIES));
                } else {
                    tokens.add(simple(Kind.STAR));
                }
            } else if (c == '?') {
                tokens.add(simple(Kind.ANY));
            } else if (c == '\\') {
                tokens.add(literal(i + 1 < n ? pattern.charAt(++i) : '\\'));
            } else if (c == '[') {
                i = characterClass(pattern, i, tokens);
            } else {
                tokens.add(literal(c));
            }
        }
        return new GlobPattern(tokens);
    }

    private static Token simple(Kind kind) {
        return new Token(kind, '\0', false, null);
    }

    private static Token literal(char c) {
        return new Token(Kind.LITERAL, c, false, null);
    }

    /** Adds the class starting at {@code start} ('[') and returns the index of its closing ']'. */
    private static int characterClass(String pattern, int start, List<Token> tokens) {
        int n = pattern.length();
        int i = start + 1;
        boolean negated = i < n && pattern.charAt(i) == '^';
        if (negated) {
            i++;
        }
        StringBuilder ranges = new StringBuilder();
        boolean first = true;
        while (i < n && (pattern.charAt(i) != ']' || first)) {
            first = false;
            char lo = pattern.charAt(i);
            if (lo == '\\' && i + 1 < n) {
                lo = pattern.charAt(++i);
            }
            char hi = lo;
            if (i + 2 < n && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                i += 2;
                hi = pattern.charAt(i);
                if (hi == '\\' && i + 1 < n) {
                    hi = pattern.charAt(++i);
                }
                if (hi < lo) {
                    throw new IllegalArgumentException("invalid character class range");
                }
            }
            ranges.append(lo).append(hi);
            i++;
        }
        if (i >= n) {
            throw new IllegalArgumentException("missing closing ]");
        }
        tokens.add(new Token(Kind.CLASS, '\0', negated, ranges.toString().toCharArray()));
        return i;
    }

    /** Whether the whole of {@code path} matches. */
    boolean matches(CharSequence path) {
        int m = tokens.length;
        boolean[] at = new boolean[m + 1];
        boolean[] inside = new boolean[m + 1];
        at[0] = true;
        close(at);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean[] nextAt = new boolean[m + 1];
            boolean[] nextInside = new boolean[m + 1];
            boolean alive = false;
            for (int s = 0; s < m; s++) {
                boolean here = at[s] || inside[s];
                if (!here || !tokens[s].accepts(c)) {
                    continue;
                }
                alive = true;
                switch (tokens[s].kind()) {
                    case STAR, ANYTHING -> nextAt[s] = true;
                    case DIRECTORIES -> {
                        // "(.*/)?": keep consuming, and leave only right after a slash
                        nextInside[s] = true;
                        if (c == '/') {
                            nextAt[s + 1] = true;
                        }
                    }
                    default -> {
                        if (at[s]) {
                            nextAt[s + 1] = true;
                        }
                    }
                }
            }
            if (!alive) {
                return false;
            }
            close(nextAt);
            at = nextAt;
            inside = nextInside;
        }
        return at[m];
    }

    /** Follows the empty moves: a star, a double star and "any directories" may match nothing. */
    private void close(boolean[] at) {
        for (int s = 0; s < tokens.length; s++) {
            Kind kind = tokens[s].kind();
            if (at[s] && (kind == Kind.STAR || kind == Kind.ANYTHING || kind == Kind.DIRECTORIES)) {
                at[s + 1] = true;
            }
        }
    }
}
