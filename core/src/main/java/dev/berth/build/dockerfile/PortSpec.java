package dev.berth.build.dockerfile;

import java.util.Locale;

/**
 * Parses one {@code EXPOSE} word: {@code 80}, {@code 80/tcp}, {@code 8000-8010/udp}, {@code 5000/sctp}.
 * As BuildKit, an address and host port before the container port ({@code 127.0.0.1:8080:80},
 * {@code 8080:80}) are accepted and ignored (the ExposeInvalidFormat check warns about them).
 */
final class PortSpec {
    private PortSpec() {
    }

    /**
     * The word split as BuildKit's {@code splitParts}: address, host port and container port (with
     * its protocol); the first two empty when not given.
     */
    static String[] split(String word) {
        String[] parts = word.split(":", -1);
        int n = parts.length;
        return switch (n) {
            case 1 -> new String[] {"", "", parts[0]};
            case 2 -> new String[] {"", parts[0], parts[1]};
            default -> new String[] {String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 2)), parts[n - 2],
                    parts[n - 1]};
        };
    }

    static Instruction.ExposedPort parse(String raw, int line) {
        String word = split(raw)[2];
        String ports = word;
        String protocol = "tcp";
        int slash = word.indexOf('/');
        if (slash >= 0) {
            ports = word.substring(0, slash);
            protocol = word.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
                throw new DockerfileException(line, "invalid proto: " + word.substring(slash + 1) + " in EXPOSE " + word);
            }
        }
        int dash = ports.indexOf('-');
        int first = port(dash >= 0 ? ports.substring(0, dash) : ports, word, line);
        int last = dash >= 0 ? port(ports.substring(dash + 1), word, line) : first;
        if (last < first) {
            throw new DockerfileException(line, "invalid range specified for EXPOSE " + word);
        }
        return new Instruction.ExposedPort(first, last, protocol);
    }

    private static int port(String digits, String word, int line) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DockerfileException(line, "invalid containerPort: " + word + " in EXPOSE");
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw new DockerfileException(line, "invalid containerPort: " + word + " in EXPOSE");
        }
        return port;
    }
}
