package dev.berth.build.dockerfile;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code # check=} parser directive: {@code skip=Rule1,Rule2} (or {@code skip=all}) leaves
 * build checks out, {@code error=true} makes a failed check fail the build
 * (<a href="https://docs.docker.com/build/checks/#configure-checks">Configure checks</a>).
 *
 * @param skip the rule names skipped ({@code all} for every rule)
 * @param error whether a failed check fails the build
 */
public record CheckDirective(Set<String> skip, boolean error) {
    public CheckDirective {
        skip = Set.copyOf(skip);
    }

    /** The directive's value, or null when there is none. */
    public static CheckDirective parse(String value) {
        Set<String> skip = new HashSet<>();
        boolean error = false;
        if (value != null) {
            for (String part : value.split(";")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String v = part.substring(eq + 1).strip();
                if (key.equals("skip")) {
                    for (String rule : v.split(",")) {
                        if (!rule.isBlank()) {
                            skip.add(rule.strip());
                        }
                    }
                } else if (key.equals("error")) {
                    error = v.equalsIgnoreCase("true") || v.equals("1");
                }
            }
        }
        return new CheckDirective(skip, error);
    }
}
