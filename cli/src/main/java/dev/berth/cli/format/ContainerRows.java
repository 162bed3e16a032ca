package dev.berth.cli.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code docker ps}'s rows: docker's {@code ContainerContext} fields over one entry of
 * {@code GET /containers/json}.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/ls/#format">docker ps --format</a>
 */
public final class ContainerRows {
    private static final String DEFAULT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    /** The fields and headers; {@code Label "key"} heads its column with the key. */
    public static final Row.Columns COLUMNS = columns(DEFAULT);

    /** With {@code --size}: the default table and a SIZE column. */
    public static final Row.Columns WITH_SIZE = columns(DEFAULT + "\t{{.Size}}");

    private ContainerRows() {
    }

    private static Row.Columns columns(String table) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ID", "CONTAINER ID");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("CreatedAt", "CREATED AT");
        h.put("RunningFor", "CREATED");
        h.put("Ports", "PORTS");
        h.put("State", "STATE");
        h.put("Status", "STATUS");
        h.put("Size", "SIZE");
        h.put("Names", "NAMES");
        h.put("Labels", "LABELS");
        h.put("Mounts", "MOUNTS");
        h.put("LocalVolumes", "LOCAL VOLUMES");
        h.put("Networks", "NETWORKS");
        h.put("Platform", "PLATFORM");
        return new Row.Columns("*formatter.ContainerContext", h, table, Map.of("Label", a -> a.isEmpty() ? "" : a.get(0)));
    }

    /**
     * The row of one container.
     *
     * @param c the container's entry of {@code GET /containers/json}
     * @param trunc short ids, commands and mounts, as docker without {@code --no-trunc}
     */
    public static Row of(Map<String, Object> c, boolean trunc, Instant now) {
        String id = text(c.get("Id"));
        Instant created = Instant.ofEpochSecond(number(c.get("Created")));
        Map<String, String> labels = strings(c.get("Labels"));
        return COLUMNS.row()
                .field("ID", trunc ? shortId(id) : id)
                .field("Image", image(c, trunc))
                .field("Command", Printf.quote(trunc ? ellipsis(text(c.get("Command")), 20) : text(c.get("Command"))))
                .field("CreatedAt", GoUnits.time(created))
                .field("RunningFor", GoUnits.ago(created, now))
                .lazy("Ports", () -> ports(list(c.get("Ports"))))
                .field("State", text(c.get("State")))
                .field("Status", text(c.get("Status")))
                .lazy("Size", () -> size(c))
                .field("Names", names(list(c.get("Names")), trunc))
                .field("Labels", joined(labels))
                .lazy("Mounts", () -> mounts(list(c.get("Mounts")), trunc))
                .lazy("LocalVolumes", () -> Long.toString(list(c.get("Mounts")).stream()
                        .filter(m -> "local".equals(((Map<?, ?>) m).get("Driver"))).count()))
                .lazy("Networks", () -> networks(c))
                .field("Platform", null)
                .method("Label", a -> labels.getOrDefault(a.isEmpty() ? "" : Values.print(a.get(0)), ""))
                .build();
    }

    /** An id without {@code sha256:}, cut to 12 characters, as docker shows ids. */
    public static String shortId(String id) {
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }

    /** The image as created; its short id when created from an id; without a digest when truncated. */
    private static String image(Map<String, Object> c, boolean trunc) {
        String image = text(c.get("Image"));
        if (image.isEmpty()) {
            return "<no image>";
        }
        if (trunc) {
            String imageId = text(c.get("ImageID"));
            if (!imageId.isEmpty() && shortId(imageId).equals(shortId(image))) {
                return shortId(imageId);
            }
            int at = image.indexOf('@');
            if (at > 0) {
                return image.substring(0, at);
            }
        }
        return image;
    }

    private static String names(List<Object> names, boolean trunc) {
        List<String> out = new ArrayList<>();
        for (Object n : names) {
            String s = text(n);
            out.add(s.startsWith("/") ? s.substring(1) : s);
        }
        if (trunc) {
            // links appear as other/name: shown only without truncation
            for (String n : out) {
                if (!n.contains("/")) {
                    return n;
                }
            }
        }
        return String.join(",", out);
    }

    private static String size(Map<String, Object> c) {
        long rw = number(c.get("SizeRw"));
        long root = number(c.get("SizeRootFs"));
        String s = GoUnits.size(rw);
        return root > 0 ? s + " (virtual " + GoUnits.size(root) + ")" : s;
    }

    private static String mounts(List<Object> mounts, boolean trunc) {
        List<String> out = new ArrayList<>();
        for (Object o : mounts) {
            Map<?, ?> m = (Map<?, ?>) o;
            String name = text(m.get("Name")).isEmpty() ? text(m.get("Source")) : text(m.get("Name"));
            out.add(trunc ? ellipsis(name, 15) : name);
        }
        return String.join(",", out);
    }

    private static String networks(Map<String, Object> c) {
        Object settings = c.get("NetworkSettings");
        if (!(settings instanceof Map<?, ?> s) || !(s.get("Networks") instanceof Map<?, ?> n)) {
            return "";
        }
        List<String> names = new ArrayList<>();
        n.keySet().forEach(k -> names.add(String.valueOf(k)));
        names.sort(Comparator.naturalOrder());
        return String.join(",", names);
    }

    /**
     * docker's {@code DisplayablePorts}: consecutive ports of one address and protocol as a range,
     * then host mappings: {@code 0.0.0.0:8080->80/tcp, 9000-9001/tcp}.
     */
    static String ports(List<Object> ports) {
        record Port(String ip, long privatePort, long publicPort, String type) {
        }
        List<Port> list = new ArrayList<>();
        for (Object o : ports) {
            Map<?, ?> p = (Map<?, ?>) o;
            list.add(new Port(text(p.get("IP")), number(p.get("PrivatePort")), number(p.get("PublicPort")), text(p.get("Type"))));
        }
        list.sort(Comparator.comparingLong(Port::privatePort).thenComparing(Port::ip).thenComparingLong(Port::publicPort)
                .thenComparing(Port::type));
        Map<String, long[]> groups = new LinkedHashMap<>();
        List<String> result = new ArrayList<>();
        List<String> mappings = new ArrayList<>();
        for (Port p : list) {
            String key = p.type();
            if (!p.ip().isEmpty()) {
                if (p.publicPort() != p.privatePort()) {
                    String host = p.ip().contains(":") ? "[" + p.ip() + "]" : p.ip();
                    mappings.add(host + ":" + p.publicPort() + "->" + p.privatePort() + "/" + p.type());
                    continue;
                }
                key = p.ip() + "/" + p.type();
            }
            long[] g = groups.get(key);
            if (g == null) {
                groups.put(key, new long[] {p.privatePort(), p.privatePort()});
            } else if (p.privatePort() == g[1] + 1) {
                g[1] = p.privatePort();
            } else {
                result.add(group(key, g));
                groups.put(key, new long[] {p.privatePort(), p.privatePort()});
            }
        }
        groups.forEach((k, g) -> result.add(group(k, g)));
        result.addAll(mappings);
        return String.join(", ", result);
    }

    private static String group(String key, long[] g) {
        int slash = key.lastIndexOf('/');
        String ip = slash < 0 ? "" : key.substring(0, slash);
        String type = slash < 0 ? key : key.substring(slash + 1);
        String range = g[0] == g[1] ? Long.toString(g[0]) : g[0] + "-" + g[1];
        return (ip.isEmpty() ? range : ip + ":" + range + "->" + range) + "/" + type;
    }

    /** docker's {@code Ellipsis}: at most {@code width} characters, the last one … when cut. */
    static String ellipsis(String s, int width) {
        int n = s.codePointCount(0, s.length());
        if (width <= 1 || n <= width) {
            return width <= 0 ? "" : n <= width ? s : s.substring(0, s.offsetByCodePoints(0, 1));
        }
        return n <= width ? s : s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
    }

    static String joined(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    static List<Object> list(Object v) {
        @SuppressWarnings("unchecked")
        List<Object> l = v instanceof List<?> ? (List<Object>) v : List.of();
        return l;
    }

    static Map<String, String> strings(Object v) {
        Map<String, String> out = new TreeMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> out.put(String.valueOf(k), x == null ? "" : String.valueOf(x)));
        }
        return out;
    }
}
