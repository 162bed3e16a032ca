package dev.berth.dockerapi.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method and path template to {@link Handler}. {@code {id}} matches one path segment;
 * {@code {name:.*}} matches the rest of the path, slashes included (image names carry them), as
 * in dockerd's own router.
 */
public final class Router {
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)(:\\.\\*)?}");

    private record Route(String method, String template, Pattern pattern, List<String> names, Handler handler) {}

    /** A route that matched, with its template's values. */
    record Match(Handler handler, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    public Router get(String template, Handler h) {
        return add("GET", template, h);
    }

    public Router head(String template, Handler h) {
        return add("HEAD", template, h);
    }

    public Router post(String template, Handler h) {
        return add("POST", template, h);
    }

    public Router put(String template, Handler h) {
        return add("PUT", template, h);
    }

    public Router delete(String template, Handler h) {
        return add("DELETE", template, h);
    }

    public synchronized Router add(String method, String template, Handler h) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = PARAM.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            names.add(m.group(1));
            regex.append(m.group(2) != null ? "(.+)" : "([^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        for (Route r : routes) {
            if (r.method.equals(method) && r.template.equals(template)) {
                throw new IllegalStateException(method + " " + template + " is registered twice");
            }
        }
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), List.copyOf(names), h));
        return this;
    }

    /** The first route, in registration order, for the method and the (decoded) path. */
    synchronized Optional<Match> match(String method, String path) {
        for (Route r : routes) {
            if (!r.method.equals(method)) {
                continue;
            }
            Matcher m = r.pattern.matcher(path);
            if (m.matches()) {
                Map<String, String> params = new HashMap<>();
                for (int i = 0; i < r.names.size(); i++) {
                    params.put(r.names.get(i), m.group(i + 1));
                }
                return Optional.of(new Match(r.handler, params));
            }
        }
        return Optional.empty();
    }

    /** The templates registered, as "METHOD /path", for tests and the README. */
    public synchronized List<String> endpoints() {
        return routes.stream().map(r -> r.method + " " + r.template).toList();
    }
}
