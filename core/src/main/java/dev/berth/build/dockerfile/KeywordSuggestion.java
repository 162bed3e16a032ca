package dev.berth.build.dockerfile;

import java.util.List;
import java.util.Locale;

/** The " (did you mean RUN?)" hint BuildKit adds to an unknown instruction that is close to a real one. */
final class KeywordSuggestion {
    private static final List<String> KEYWORDS = List.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose",
            "from", "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
            "workdir");

    private KeywordSuggestion() {
    }

    /** " (did you mean RUN?)" for a near miss such as RUNN, as BuildKit suggests. */
    static String forUnknown(String keyword) {
        String best = null;
        int bestDistance = 3;
        for (String known : KEYWORDS) {
            int d = distance(keyword, known, bestDistance);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best.toUpperCase(Locale.ROOT) + "?)";
    }

    /** Levenshtein distance, or {@code limit} when it is at least that (bounded work on long words). */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
