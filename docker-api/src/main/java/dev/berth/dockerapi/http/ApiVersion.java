package dev.berth.dockerapi.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API versions served, and the {@code /vX.Y} prefix a request path may carry. Every version
 * a client may ask for, 1.24 (Docker 1.12) to 1.52 (Docker 29), is accepted, as dockerd does
 * between its minimum and its own version.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/#versioned-api-and-sdk">Versioned API</a>
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    public static final ApiVersion MIN = new ApiVersion(1, 24);
    public static final ApiVersion MAX = new ApiVersion(1, 52);

    private static final Pattern PREFIX = Pattern.compile("^/v(\\d{1,3})\\.(\\d{1,3})(/.*)$");

    /** The version a path names and the path without it: MAX when it names none. */
    record Split(ApiVersion version, String path) {}

    static Split split(String path) {
        Matcher m = PREFIX.matcher(path);
        if (!m.matches()) {
            return new Split(MAX, path);
        }
        ApiVersion v = new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (v.compareTo(MIN) < 0) {
            throw ApiException.badRequest("client version " + v + " is too old. Minimum supported API version is "
                    + MIN + ", please upgrade your client to a newer version");
        }
        if (v.compareTo(MAX) > 0) {
            throw ApiException.badRequest("client version " + v + " is too new. Maximum supported API version is " + MAX);
        }
        return new Split(v, m.group(3));
    }

    /** True when this version is {@code other} or later. */
    public boolean atLeast(int otherMajor, int otherMinor) {
        return compareTo(new ApiVersion(otherMajor, otherMinor)) >= 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
