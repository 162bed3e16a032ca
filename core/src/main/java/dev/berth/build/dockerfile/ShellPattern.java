package dev.berth.build.dockerfile;

import java.util.Arrays;

/**
 * The patterns of {@code ${V#p}}, {@code ${V%p}} and {@code ${V/p/r}}: {@code *} matches any run and
 * {@code ?} any one character (neither matches a newline, as in BuildKit's regular expressions), and
 * {@code \*}, {@code \?}, {@code \\} and {@code \}} are literals. Matching is a set-of-states
 * simulation, linear in the text for each start position, with no backtracking.
 */
final class ShellPattern {
    private static final int STAR = -2;
    private static final int ANY = -3;

    /** Work allowed for one substitution before it is refused, so a hostile pattern cannot hang a build. */
    private static final long MAX_STEPS = 50_000_000L;

    private final int[] tokens;
    private long steps;

    private ShellPattern(int[] tokens) {
        this.tokens = tokens;
    }

    static ShellPattern compile(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] tokens = new int[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '*') {
                tokens[n++] = STAR;
            } else if (c == '?') {
                tokens[n++] = ANY;
            } else if (c == '\\') {
                if (i + 1 < cps.length && cps[i + 1] == '}') {
                    continue; // the escape only protected the brace from ending ${...}
                }
                if (i + 1 >= cps.length || "*?\\".indexOf(cps[i + 1]) < 0) {
                    String bad = i + 1 < cps.length ? new String(Character.toChars(cps[i + 1])) : "";
                    throw new DockerfileException("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                            + bad + "'");
                }
                tokens[n++] = cps[++i];
            } else {
                tokens[n++] = c;
            }
        }
        return new ShellPattern(Arrays.copyOf(tokens, n));
    }

    /** {@code value} without its shortest (or longest, when greedy) prefix matching this pattern. */
    String trimPrefix(String value, boolean greedy) {
        int[] text = value.codePoints().toArray();
        int end = matchEnd(tokens, text, 0, greedy);
        return end < 0 ? value : new String(text, end, text.length - end);
    }

    /** {@code value} without its shortest (or longest, when greedy) suffix matching this pattern. */
    String trimSuffix(String value, boolean greedy) {
        int[] text = reverse(value.codePoints().toArray());
        int end = matchEnd(reverse(tokens.clone()), text, 0, greedy);
        if (end < 0) {
            return value;
        }
        int[] kept = reverse(Arrays.copyOfRange(text, end, text.length));
        return new String(kept, 0, kept.length);
    }

    /** {@code value} with the first (or every) longest match of this pattern replaced. */
    String replace(String value, String replacement, boolean all) {
        int[] text = value.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        int pos = 0;
        boolean replaced = false;
        while (pos <= text.length) {
            int end = all || !replaced ? matchEnd(tokens, text, pos, true) : -1;
            if (end >= 0) {
                out.append(replacement);
                replaced = true;
                if (end > pos) {
                    pos = end;
                    continue;
                }
            }
            if (pos < text.length) {
                out.appendCodePoint(text[pos]);
            }
            pos++;
        }
        return out.toString();
    }

    /** The end of the shortest or longest match of {@code pattern} starting at {@code start}, or -1. */
    private int matchEnd(int[] pattern, int[] text, int start, boolean longest) {
        boolean[] states = new boolean[pattern.length + 1];
        states[0] = true;
        closeOverStars(pattern, states);
        int best = states[pattern.length] ? start : -1;
        if (best >= 0 && !longest) {
            return best;
        }
        for (int i = start; i < text.length; i++) {
            steps += pattern.length + 1;
            if (steps > MAX_STEPS) {
                throw new DockerfileException("pattern substitution too expensive for a value of " + text.length
                        + " characters");
            }
            boolean[] next = new boolean[pattern.length + 1];
            boolean any = false;
            for (int s = 0; s < pattern.length; s++) {
                if (!states[s]) {
                    continue;
                }
                int token = pattern[s];
                if (token == STAR) {
                    if (text[i] != '\n') {
                        next[s] = true;
                        any = true;
                    }
                } else if (token == ANY ? text[i] != '\n' : token == text[i]) {
                    next[s + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
            closeOverStars(pattern, next);
            states = next;
            if (states[pattern.length]) {
                best = i + 1;
                if (!longest) {
                    return best;
                }
            }
        }
        return best;
    }

    private static void closeOverStars(int[] pattern, boolean[] states) {
        for (int s = 0; s < pattern.length; s++) {
            if (states[s] && pattern[s] == STAR) {
                states[s + 1] = true;
            }
        }
    }

    private static int[] reverse(int[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
