package dev.berth.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header: a scheme and its parameters, parsed per
 * <a href="https://www.rfc-editor.org/rfc/rfc7235#section-4.1">RFC 7235 section 4.1</a> — several
 * challenges may share one header, and quoted values may hold commas, spaces and escaped quotes.
 * Scheme and parameter names are lower-cased; values are kept as sent.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    /** Copies the parameters. */
    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A parameter's value, or the empty string. */
    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** Every challenge in the given header values, in order; malformed tails are dropped. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(new Parser(value).challenges());
        }
        return all;
    }

    /** Walks one header value. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<AuthChallenge> challenges() {
            List<AuthChallenge> found = new ArrayList<>();
            while (true) {
                skip(" \t,");
                String scheme = token();
                if (scheme.isEmpty()) {
                    return found;
                }
                found.add(new AuthChallenge(scheme, params()));
            }
        }

        /** Parameters up to the next challenge: a token not followed by '=' starts one. */
        private Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                int start = pos;
                skip(" \t,");
                String name = token();
                skip(" \t");
                if (name.isEmpty() || !peek('=')) {
                    pos = start;
                    return params;
                }
                pos++;
                skip(" \t");
                if (peek('=') || pos >= s.length() || peek(',')) {
                    // token68 (base64 with '=' padding): not used by registries, skip it.
                    skip("=");
                    continue;
                }
                params.put(name.toLowerCase(Locale.ROOT), peek('"') ? quoted() : token());
            }
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < s.length() && s.charAt(pos) != '"') {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                value.append(c);
            }
            pos = Math.min(pos + 1, s.length());
            return value.toString();
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private static boolean isTokenChar(char c) {
            return c < 127 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~/:".indexOf(c) >= 0);
        }
    }
}
