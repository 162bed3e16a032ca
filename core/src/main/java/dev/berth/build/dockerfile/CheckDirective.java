package dev.berth.build.dockerfile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How build checks are configured: by the {@code # check=} parser directive or, replacing it, the
 * {@code BUILDKIT_DOCKERFILE_CHECK} build argument. {@code skip=Rule1,Rule2} (or {@code skip=all})
 * leaves rules out, {@code experimental=Rule|all} turns experimental rules on (they are off
 * otherwise, and {@code skip} does not concern them), and {@code error=true} makes a failed check
 * fail the build. Options are separated by {@code ;}
 * (<a href="https://docs.docker.com/build/checks/#configure-checks">Configure checks</a>).
 *
 * @param skip the rule names skipped ({@code all} for every rule)
 * @param error whether a failed check fails the build
 * @param experimental the experimental rules turned on ({@code all} for every one)
 */
public record CheckDirective(Set<String> skip, boolean error, Set<String> experimental) {
    /** The build argument that, when given, replaces the directive, as in BuildKit. */
    public static final String BUILD_ARG = "BUILDKIT_DOCKERFILE_CHECK";

    public CheckDirective {
        skip = Set.copyOf(skip);
        experimental = Set.copyOf(experimental);
    }

    /** A configuration with no experimental rules. */
    public CheckDirective(Set<String> skip, boolean error) {
        this(skip, error, Set.of());
    }

    /**
     * Parses the directive's (or the build argument's) value; null or blank is the default
     * configuration (every stable rule, warnings only).
     *
     * @throws DockerfileException with BuildKit's message for an option it does not know or an
     *     {@code error} value that is no boolean
     */
    public static CheckDirective parse(String value) {
        Set<String> skip = new LinkedHashSet<>();
        Set<String> experimental = new LinkedHashSet<>();
        boolean error = false;
        String text = value == null ? "" : GoText.trimSpace(value);
        if (text.isEmpty()) {
            return new CheckDirective(skip, false);
        }
        // As Go's strings.SplitN(s, ";", 3): a third ';' stays inside the last option.
        for (String part : text.split(";", 3)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new DockerfileException("failed to parse check options: invalid check option " + GoText.quote(part));
            }
            String key = GoText.trimSpace(part.substring(0, eq));
            String v = GoText.trimSpace(part.substring(eq + 1));
            switch (key) {
                case "skip" -> names(v, skip);
                case "experimental" -> names(v, experimental);
                case "error" -> error = parseBool(v, part);
                default -> throw new DockerfileException("failed to parse check options: invalid check option "
                        + GoText.quote(key));
            }
        }
        return new CheckDirective(skip, error, experimental);
    }

    private static final java.util.regex.Pattern COMMENT_DIRECTIVE =
            java.util.regex.Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");

    /**
     * This configuration with the first {@code check=} line among the comments right above an
     * instruction merged in, as BuildKit does for that instruction's checks: skipped and
     * experimental rules are added ({@code error} stays). A comment that is no valid
     * configuration changes nothing.
     *
     * @param comments the instruction's comment lines, {@code #} removed
     */
    public CheckDirective withComments(List<String> comments) {
        for (String comment : comments) {
            java.util.regex.Matcher m = COMMENT_DIRECTIVE.matcher(comment);
            if (!m.matches() || !m.group(1).equalsIgnoreCase("check")) {
                continue;
            }
            String value = m.group(2);
            int space = value.indexOf(' ');
            CheckDirective inline;
            try {
                inline = parse(space < 0 ? value : value.substring(0, space));
            } catch (DockerfileException e) {
                return this;
            }
            Set<String> mergedSkip = new LinkedHashSet<>(skip);
            mergedSkip.addAll(inline.skip);
            Set<String> mergedExperimental = new LinkedHashSet<>(experimental);
            mergedExperimental.addAll(inline.experimental);
            return new CheckDirective(mergedSkip, error, mergedExperimental);
        }
        return this;
    }

    /** Whether a failed check of {@code rule} is reported under this configuration. */
    public boolean reports(String rule, boolean experimentalRule) {
        if (experimentalRule) {
            return experimental.contains("all") || experimental.contains(rule);
        }
        return !skip.contains("all") && !skip.contains(rule);
    }

    private static void names(String value, Set<String> into) {
        if (value.equals("all")) {
            into.add("all");
            return;
        }
        for (String rule : value.split(",", -1)) {
            into.add(GoText.trimSpace(rule));
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    private static boolean parseBool(String v, String option) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new DockerfileException("failed to parse check options: failed to parse check option "
                    + GoText.quote(option) + ": strconv.ParseBool: parsing " + GoText.quote(v) + ": invalid syntax");
        };
    }
}
