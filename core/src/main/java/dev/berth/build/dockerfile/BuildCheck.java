package dev.berth.build.dockerfile;

/**
 * One failed build check: a problem BuildKit accepts but warns about, as {@code docker build}
 * prints it at the end ({@code JSONArgsRecommended: JSON arguments recommended for CMD to prevent
 * unintended behavior related to OS signals (line 5)}).
 *
 * @param rule BuildKit's rule name, e.g. {@code LegacyKeyValueFormat}
 * @param message the rule's message for this case
 * @param line the 1-based line of the instruction it is about
 * @see <a href="https://docs.docker.com/reference/build-checks/">Build checks</a>
 */
public record BuildCheck(String rule, String message, int line) {
    @Override
    public String toString() {
        return rule + ": " + message + " (line " + line + ")";
    }
}
