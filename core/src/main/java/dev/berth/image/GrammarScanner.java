package dev.berth.image;

/**
 * Hand-written matchers for the repeated productions of the reference and digest grammars. Java's regex
 * engine recurses once per repetition of a group, so a long hostile input would overflow the stack; these
 * loops match the same languages in linear time.
 */
final class GrammarScanner {
    private GrammarScanner() {
    }

    /** {@code [a-z0-9]+ ((?:[._]|__|[-]+) [a-z0-9]+)*}: a path component. */
    static boolean isPathComponent(String s) {
        int i = 0;
        int n = s.length();
        while (true) {
            int start = i;
            while (i < n && isLowerAlnum(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
            if (i == n) {
                return true;
            }
            char c = s.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '_') {
                i += i + 1 < n && s.charAt(i + 1) == '_' ? 2 : 1;
            } else if (c == '-') {
                while (i < n && s.charAt(i) == '-') {
                    i++;
                }
            } else {
                return false;
            }
        }
    }

    /** One or more path components separated by single slashes. */
    static boolean isRemoteName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (String component : s.split("/", -1)) {
            if (!isPathComponent(component)) {
                return false;
            }
        }
        return true;
    }

    /** {@code host [":" port]} with host a dotted DNS-ish name, an IPv4 address, or {@code [IPv6]}. */
    static boolean isDomainAndPort(String s) {
        String host = s;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2 || !allMatch(s, 1, close, "0123456789abcdefABCDEF:")) {
                return false;
            }
            host = null;
            String rest = s.substring(close + 1);
            return rest.isEmpty() || rest.startsWith(":") && rest.length() > 1 && allMatch(rest, 1, rest.length(), "0123456789");
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String port = s.substring(colon + 1);
            if (port.isEmpty() || !allMatch(port, 0, port.length(), "0123456789")) {
                return false;
            }
            host = s.substring(0, colon);
        }
        if (host.isEmpty()) {
            return false;
        }
        for (String component : host.split("\\.", -1)) {
            if (!isDomainComponent(component)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomainComponent(String c) {
        if (c.isEmpty() || !isAlnum(c.charAt(0)) || !isAlnum(c.charAt(c.length() - 1))) {
            return false;
        }
        for (int i = 0; i < c.length(); i++) {
            if (!isAlnum(c.charAt(i)) && c.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /**
     * An algorithm: components joined by single separators from {@code separators}, each component a
     * first character accepted by {@code first} followed by alphanumerics accepted by {@code rest}.
     */
    static boolean isAlgorithm(String s, String separators, boolean letterFirst, boolean upperAllowed) {
        if (s.isEmpty()) {
            return false;
        }
        boolean atStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (separators.indexOf(c) >= 0) {
                if (atStart) {
                    return false;
                }
                atStart = true;
                continue;
            }
            boolean ok = upperAllowed ? isAlnum(c) : isLowerAlnum(c);
            if (!ok || atStart && letterFirst && !Character.isLetter(c)) {
                return false;
            }
            atStart = false;
        }
        return !atStart;
    }

    static boolean allMatch(String s, int from, int to, String allowed) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isLowerAlnum(c) || c >= 'A' && c <= 'Z';
    }
}
